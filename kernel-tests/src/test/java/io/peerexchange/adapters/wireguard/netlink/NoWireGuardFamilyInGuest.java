package io.peerexchange.adapters.wireguard.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.adapters.wireguard.WireGuardPeerUpdater;
import io.peerexchange.adapters.wireguard.WireGuardSettings;
import io.peerexchange.adapters.wireguard.netlink.genl.NetlinkError;
import io.peerexchange.kerneltests.Sh;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A kernel without the {@code wireguard} generic netlink family: the module is unloaded from the guest's
 * kernel, the backend must say what is missing, and it works again once the module is back. The guest
 * runs this class last.
 */
class NoWireGuardFamilyInGuest {

    @Test
    void givenWireGuardModuleUnloaded_netlinkBackend_saysTheKernelHasNoWireGuard() throws Exception {
        Sh.requireGuest();
        Path module = wireguardModule();
        for (String link :
                Sh.ok("ip", "-o", "link", "show", "type", "wireguard").lines().toList()) {
            Sh.ok("ip", "link", "del", link.split(": ")[1].split("@")[0]);
        }
        Sh.ok("busybox", "rmmod", "wireguard");
        PeerUpdateException read;
        PeerUpdateException update;
        try {
            read = catchIt(() -> new NetlinkWireGuard("pxk2").read());
            update = catchIt(() -> new WireGuardPeerUpdater(WireGuardSettings.of("pxk2", Backend.NETLINK))
                    .updateEndpoints(List.of(new EndpointUpdate(TestKeys.key(1), Endpoint.parse("198.51.100.1:1")))));
        } finally {
            Sh.ok("busybox", "insmod", module.toString());
        }
        Sh.ok("ip", "link", "add", "pxk2", "type", "wireguard");
        int peersAfterReload = new NetlinkWireGuard("pxk2").read().size();
        Sh.ok("ip", "link", "del", "pxk2");

        assertThat(read).isInstanceOf(NetlinkError.class).hasMessageContaining("the kernel has no WireGuard");
        assertThat(update).hasMessageContaining("the kernel has no WireGuard");
        assertThat(peersAfterReload).isZero();
    }

    private interface Call {
        void call() throws Exception;
    }

    private static PeerUpdateException catchIt(Call call) throws Exception {
        try {
            call.call();
        } catch (PeerUpdateException e) {
            return e;
        }
        throw new AssertionError("expected the netlink backend to fail without the wireguard module");
    }

    /** The guest's init exposes its initramfs modules here. */
    private static Path wireguardModule() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("/run/pxk-modules"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-wireguard.ko"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no wireguard.ko in /run/pxk-modules"));
        }
    }
}
