package io.peerexchange.adapters.wireguard.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import io.peerexchange.ports.NetworkChange;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.netns.NetworkNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rtnetlink watcher against the kernel, inside a network namespace of its own ({@code pxnc-…}):
 * the watcher is started on a thread moved into it with {@code setns}, so that only the changes the
 * test makes there reach it.
 */
class NetlinkNetworkChangesTest {
    /** Within this of an address change the watcher has reported it. */
    static final Duration PROMPTLY = Duration.ofMillis(300);

    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;

    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int setns(int fd, int nstype) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    @Test
    void givenADummyInterface_addingAndRemovingAnAddress_isReportedPromptly_andNothingAfterClose() throws Exception {
        Require.root("network namespaces need root");
        Require.command("ip", "iproute2");
        String name = "pxnc-" + ProcessHandle.current().pid();
        ExecutorService inside = Executors.newSingleThreadExecutor();
        try (NetworkNamespace ns = NetworkNamespace.fresh(name)) {
            ns.ip("link", "add", "pxnc0", "type", "veth", "peer", "name", "pxnc1");
            ns.ip("link", "set", "pxnc0", "up");
            ns.ip("link", "set", "pxnc1", "up");
            List<NetworkChange> seen = new CopyOnWriteArrayList<>();
            NetlinkNetworkChanges changes = inside.submit(() -> {
                        enter(name);
                        NetlinkNetworkChanges watcher = new NetlinkNetworkChanges();
                        watcher.start(seen::add);
                        return watcher;
                    })
                    .get(5, TimeUnit.SECONDS);
            try {
                assertThat(threadAlive()).isTrue();

                ns.ip("addr", "add", "10.99.0.1/24", "dev", "pxnc0");
                awaitChangeOf(seen, 0, "pxnc0");

                int before = seen.size();
                ns.ip("addr", "del", "10.99.0.1/24", "dev", "pxnc0");
                awaitChangeOf(seen, before, "pxnc0");
            } finally {
                changes.close();
            }
            assertThat(threadAlive()).isFalse();
            int afterClose = seen.size();
            ns.ip("addr", "add", "10.99.0.2/24", "dev", "pxnc0");
            Thread.sleep(PROMPTLY.toMillis());
            assertThat(seen).hasSize(afterClose);
        } finally {
            inside.shutdownNow();
        }
    }

    private static void enter(String namespace) {
        LibC libc = Native.load("c", LibC.class);
        int fd = libc.open("/run/netns/" + namespace, O_RDONLY);
        try {
            libc.setns(fd, CLONE_NEWNET);
        } finally {
            libc.close(fd);
        }
    }

    /** Waits {@link #PROMPTLY} for a change of {@code name} after the first {@code from} seen. */
    private static void awaitChangeOf(List<NetworkChange> seen, int from, String name) throws InterruptedException {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (!changeOf(seen, from, name) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(changeOf(seen, from, name))
                .as("a change of %s within %s; seen %s", name, PROMPTLY, seen)
                .isTrue();
    }

    private static boolean changeOf(List<NetworkChange> seen, int from, String name) {
        return seen.subList(from, seen.size()).stream()
                .anyMatch(c -> c.interfaceName().equals(Optional.of(name)) && c.interfaceIndex() > 0);
    }

    private static boolean threadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(NetlinkNetworkChanges.THREAD_NAME) && t.isAlive());
    }
}
