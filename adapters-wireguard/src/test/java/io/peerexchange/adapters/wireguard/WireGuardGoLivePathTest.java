package io.peerexchange.adapters.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.UpdateOutcome;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real wireguard-go instances in one namespace talking over loopback with 1 s keepalives: the path
 * one of them holds is live, and a control-plane endpoint must not replace it (root).
 */
class WireGuardGoLivePathTest {
    private static WireGuardGo left;
    private static WireGuardGo right;

    @BeforeAll
    static void startPair() throws Exception {
        WireGuardGo.requireAvailable();
        left = WireGuardGo.named("pxw2").inFreshNamespace("pxw-live").start();
        right = left.neighbour("pxw3");
    }

    @AfterAll
    static void stopPair() throws Exception {
        if (right != null) {
            right.close();
        }
        if (left != null) {
            left.close();
        }
    }

    @Test
    void givenPeerStillReceivingAtItsEndpoint_updateEndpoints_keepsTheLivePath() throws Exception {
        WireGuardGo peer = right;
        String leftPub = pub(left);
        String rightPub = pub(peer);
        peer.wg("set", "pxw3", "listen-port", "51903", "peer", leftPub, "allowed-ips", "10.9.0.2/32");
        left.wg(
                "set",
                "pxw2",
                "listen-port",
                "51902",
                "peer",
                rightPub,
                "allowed-ips",
                "10.9.0.3/32",
                "endpoint",
                "127.0.0.1:51903",
                "persistent-keepalive",
                "1");
        peer.wg("set", "pxw3", "peer", leftPub, "persistent-keepalive", "1");
        WireGuardKey rightKey = WireGuardKey.fromBase64(rightPub);
        awaitReceiving(left, rightKey);
        WireGuardPeerUpdater updater = new WireGuardPeerUpdater(WireGuardSettings.of("pxw2", Backend.UAPI));
        List<EndpointUpdate> update = List.of(new EndpointUpdate(rightKey, Endpoint.parse("127.0.0.2:51903")));

        UpdateOutcome first = updater.updateEndpoints(update).outcomes().get(0);
        // Long enough for a 1 s keepalive to arrive even if one is late, well inside the 3 s proof window
        // (and past it the updater samples again, which must keep the path just the same).
        Thread.sleep(2000);
        UpdateOutcome second = updater.updateEndpoints(update).outcomes().get(0);

        assertThat(first.status()).as(first.detail()).isEqualTo(Status.LIVE_PATH_KEPT);
        assertThat(first.detail()).contains("within the last");
        assertThat(second.status()).as(second.detail()).isEqualTo(Status.LIVE_PATH_KEPT);
        assertThat(second.detail()).contains("from the peer at this endpoint within the last");
        assertThat(left.dumpPeers().get(rightKey).get(1)).isEqualTo("127.0.0.1:51903");
    }

    private static String pub(WireGuardGo wg) {
        return wg.dumpInterface().split("\t")[1];
    }

    private static void awaitReceiving(WireGuardGo wg, WireGuardKey key) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (Long.parseLong(wg.dumpPeers().get(key).get(4)) == 0
                || Long.parseLong(wg.dumpPeers().get(key).get(3)) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no handshake between the two wireguard-go instances: " + wg.dumpPeers());
            }
            Thread.sleep(50);
        }
    }
}
