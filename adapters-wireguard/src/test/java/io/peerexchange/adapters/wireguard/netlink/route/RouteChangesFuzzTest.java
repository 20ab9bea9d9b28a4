package io.peerexchange.adapters.wireguard.netlink.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerexchange.ports.PeerUpdateException;

/**
 * Fuzz target for rtnetlink notifications: any datagram either yields interface indexes (never
 * negative) or fails with {@link PeerUpdateException}. Inputs:
 * {@code src/test/resources/io/peerexchange/adapters/wireguard/netlink/route/RouteChangesFuzzTestInputs/notifications/}.
 */
class RouteChangesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void notifications(byte[] datagram) {
        try {
            assertThat(RouteChanges.interfaces(datagram, datagram.length)).allMatch(index -> index >= 0);
        } catch (PeerUpdateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
