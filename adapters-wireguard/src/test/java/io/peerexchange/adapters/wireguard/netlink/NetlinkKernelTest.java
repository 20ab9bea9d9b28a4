package io.peerexchange.adapters.wireguard.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.wireguard.netlink.genl.NetlinkError;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.testing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The netlink backend against the running kernel. Where the kernel has WireGuard (and we are root), a
 * real {@code pxwk0} device is written and read back; elsewhere that test reports itself skipped with the
 * reason, also under CI: the CI kernel may lack the module. Where the kernel has no WireGuard, the backend
 * must say so.
 */
class NetlinkKernelTest {

    @Test
    void givenKernelWithoutWireGuard_read_saysTheModuleIsAbsent() {
        Assumptions.assumeFalse(kernelHasWireGuardFamily(), "skipped: this kernel has WireGuard");

        assertThatThrownBy(() -> new NetlinkWireGuard("pxwk0").read())
                .isInstanceOf(NetlinkError.class)
                .hasMessageContaining("the kernel has no WireGuard");
    }

    @Test
    void givenKernelWireGuardDevice_updateThroughNetlink_changesOnlyTheEndpoint() throws Exception {
        String reason = kernelDeviceUnavailable();
        Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
        try {
            run(
                    "wg",
                    "set",
                    "pxwk0",
                    "peer",
                    TestKeys.key(1).toBase64(),
                    "allowed-ips",
                    "10.6.0.1/32",
                    "endpoint",
                    "198.51.100.1:1000",
                    "persistent-keepalive",
                    "25");
            NetlinkWireGuard kernel = new NetlinkWireGuard("pxwk0");
            assertThat(kernel.writeEndpoints(List.of(
                            new EndpointUpdate(TestKeys.key(1), Endpoint.parse("[2001:db8::5]:2000")),
                            new EndpointUpdate(TestKeys.key(2), Endpoint.parse("198.51.100.2:2000")))))
                    .isEmpty();

            var state = kernel.read();
            assertThat(state.size()).isEqualTo(1);
            assertThat(state.peer(TestKeys.key(1)).orElseThrow().endpoint()).isEqualTo("[2001:db8::5]:2000");
            assertThat(state.peer(TestKeys.key(1)).orElseThrow().allowedIps()).containsExactly("10.6.0.1/32");
            assertThat(run("wg", "show", "pxwk0", "persistent-keepalive")).contains("25");
        } finally {
            run("ip", "link", "del", "pxwk0");
        }
    }

    /** Null when a kernel WireGuard device pxwk0 was created, else why not. */
    private static String kernelDeviceUnavailable() throws IOException, InterruptedException {
        if (!((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0)) {
            return "creating a kernel WireGuard device needs root";
        }
        String out = run("ip", "link", "add", "pxwk0", "type", "wireguard");
        if (!out.isEmpty()) {
            return "this kernel has no WireGuard: `ip link add pxwk0 type wireguard` said: " + out.trim();
        }
        return null;
    }

    private static boolean kernelHasWireGuardFamily() {
        try {
            new NetlinkWireGuard("pxwk0").read();
            return true;
        } catch (NetlinkError e) {
            return !e.getMessage().contains("the kernel has no WireGuard");
        } catch (PeerUpdateException e) {
            return true;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return p.exitValue() == 0 ? "" : out.isEmpty() ? "exit " + p.exitValue() : out;
    }
}
