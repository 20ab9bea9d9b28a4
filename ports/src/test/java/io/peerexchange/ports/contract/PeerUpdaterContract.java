package io.peerexchange.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link PeerUpdater} must do; extend it once per implementation. */
public abstract class PeerUpdaterContract {

    protected abstract PeerUpdater updater();

    /** WireGuard has a peer with this key and endpoint (null: no endpoint yet). */
    protected abstract void givenPeer(WireGuardKey key, String endpoint) throws Exception;

    /** Whether WireGuard has a peer with this key. */
    protected abstract boolean peerExists(WireGuardKey key) throws Exception;

    /** The endpoint WireGuard holds for this peer. */
    protected abstract Optional<Endpoint> endpointOf(WireGuardKey key) throws Exception;

    @Test
    void givenExistingPeer_updateEndpoints_writesTheNewEndpoint() throws Exception {
        WireGuardKey key = TestKeys.key(1);
        givenPeer(key, "198.51.100.7:40000");

        UpdateReport report =
                updater().updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("198.51.100.8:41000"))));

        assertThat(report.outcomes())
                .singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(Status.APPLIED));
        assertThat(endpointOf(key)).contains(Endpoint.parse("198.51.100.8:41000"));
    }

    @Test
    void givenPeerWithoutEndpoint_updateEndpoints_setsIt() throws Exception {
        WireGuardKey key = TestKeys.key(2);
        givenPeer(key, null);

        updater().updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("[2001:db8::7]:51820"))));

        assertThat(endpointOf(key)).contains(Endpoint.parse("[2001:db8::7]:51820"));
    }

    @Test
    void givenSameEndpoint_updateEndpoints_reportsUnchanged() throws Exception {
        WireGuardKey key = TestKeys.key(3);
        givenPeer(key, "198.51.100.7:40000");

        UpdateReport report =
                updater().updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("198.51.100.7:40000"))));

        assertThat(report.outcomes())
                .singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(Status.UNCHANGED));
    }

    @Test
    void givenUnknownPeer_updateEndpoints_createsNothing() throws Exception {
        WireGuardKey key = TestKeys.key(4);

        UpdateReport report =
                updater().updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("198.51.100.9:40000"))));

        assertThat(report.outcomes())
                .singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(Status.UNKNOWN_PEER));
        assertThat(peerExists(key)).isFalse();
    }

    @Test
    void givenManyPeers_updateEndpoints_appliesAllInOrder() throws Exception {
        List<EndpointUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            WireGuardKey key = TestKeys.key(100 + i);
            givenPeer(key, "198.51.100.1:" + (20000 + i));
            updates.add(new EndpointUpdate(key, Endpoint.parse("203.0.113.1:" + (30000 + i))));
        }

        UpdateReport report = updater().updateEndpoints(updates);

        assertThat(report.outcomes())
                .hasSize(50)
                .allSatisfy(o -> assertThat(o.status()).isEqualTo(Status.APPLIED));
        assertThat(report.outcomes().get(7).publicKey()).isEqualTo(TestKeys.key(107));
        assertThat(endpointOf(TestKeys.key(149))).contains(Endpoint.parse("203.0.113.1:30049"));
    }

    @Test
    void givenNoUpdates_updateEndpoints_returnsEmptyReport() throws Exception {
        assertThat(updater().updateEndpoints(List.of()).outcomes()).isEmpty();
    }
}
