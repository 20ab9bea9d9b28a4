package io.peerexchange.adapters.wireguard;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.contract.PeerUpdaterContract;
import io.peerexchange.testing.fake.FakeUapiServer;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The port contract, through the whole adapter, against a fake wireguard-go on a real Unix socket. */
class UapiFakeServerContractTest extends PeerUpdaterContract {
    @TempDir
    Path dir;

    private FakeUapiServer server;
    private WireGuardPeerUpdater updater;

    @BeforeEach
    void start() throws Exception {
        server = new FakeUapiServer(dir.resolve("pxwf0.sock"));
        updater = new WireGuardPeerUpdater(new WireGuardSettings("pxwf0", Backend.UAPI, dir));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Override
    protected PeerUpdater updater() {
        return updater;
    }

    @Override
    protected void givenPeer(WireGuardKey key, String endpoint) {
        server.peer(key, endpoint);
    }

    @Override
    protected boolean peerExists(WireGuardKey key) {
        return server.find(key).isPresent();
    }

    @Override
    protected Optional<Endpoint> endpointOf(WireGuardKey key) {
        return server.find(key).map(p -> p.endpoint).map(Endpoint::parse);
    }
}
