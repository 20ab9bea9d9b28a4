package io.peerexchange.adapters.wireguard;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.contract.PeerUpdaterContract;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The port contract against a real wireguard-go (root). */
class WireGuardGoContractTest extends PeerUpdaterContract {
    private static WireGuardGo wg;
    private static final AtomicInteger NEXT_IP = new AtomicInteger();
    private WireGuardPeerUpdater updater;

    @BeforeAll
    static void startWireGuardGo() throws Exception {
        WireGuardGo.requireAvailable();
        wg = WireGuardGo.named("pxw1").inFreshNamespace("pxw-contract").start();
    }

    @AfterAll
    static void stopWireGuardGo() throws Exception {
        if (wg != null) {
            wg.close();
        }
    }

    @BeforeEach
    void freshDevice() throws Exception {
        wg.clearPeers();
        updater = new WireGuardPeerUpdater(WireGuardSettings.of(wg.ifname(), Backend.AUTO));
    }

    @Override
    protected PeerUpdater updater() {
        return updater;
    }

    @Override
    protected void givenPeer(WireGuardKey key, String endpoint) {
        int n = NEXT_IP.incrementAndGet();
        String allowed = "10.88." + (n / 250) + "." + (n % 250 + 1) + "/32";
        if (endpoint == null) {
            wg.wg("set", wg.ifname(), "peer", key.toBase64(), "allowed-ips", allowed);
        } else {
            wg.wg("set", wg.ifname(), "peer", key.toBase64(), "allowed-ips", allowed, "endpoint", endpoint);
        }
    }

    @Override
    protected boolean peerExists(WireGuardKey key) {
        return wg.dumpPeers().containsKey(key);
    }

    @Override
    protected Optional<Endpoint> endpointOf(WireGuardKey key) {
        List<String> fields = wg.dumpPeers().get(key);
        return fields == null || fields.get(1).equals("(none)")
                ? Optional.empty()
                : Optional.of(Endpoint.parse(fields.get(1)));
    }
}
