package io.peerexchange.adapters.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.testing.TestKeys;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against a real wireguard-go configured by wg (root). */
class WireGuardGoIntegrationTest {
    private static WireGuardGo wg;
    private WireGuardPeerUpdater updater;

    @BeforeAll
    static void startWireGuardGo() throws Exception {
        WireGuardGo.requireAvailable();
        wg = WireGuardGo.named("pxw0").inFreshNamespace("pxw-it").start();
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
        updater = new WireGuardPeerUpdater(WireGuardSettings.of(wg.ifname(), Backend.UAPI));
    }

    @Test
    void givenPeersWithPskKeepaliveAndAllowedIps_updateEndpoints_changesOnlyTheEndpointsInTheDump() throws Exception {
        Path psk = wg.writePsk();
        WireGuardKey a = TestKeys.key(1);
        WireGuardKey b = TestKeys.key(2);
        WireGuardKey c = TestKeys.key(3);
        wg.wg(
                "set",
                "pxw0",
                "listen-port",
                "51820",
                "peer",
                a.toBase64(),
                "allowed-ips",
                "10.1.0.1/32,fd00:1::1/128,192.168.50.0/24",
                "endpoint",
                "198.51.100.1:40000",
                "persistent-keepalive",
                "25",
                "preshared-key",
                psk.toString(),
                "peer",
                b.toBase64(),
                "allowed-ips",
                "10.1.0.2/32",
                "persistent-keepalive",
                "13",
                "peer",
                c.toBase64(),
                "allowed-ips",
                "10.1.0.3/32",
                "endpoint",
                "198.51.100.3:40000");
        String interfaceBefore = wg.dumpInterface();
        Map<WireGuardKey, List<String>> before = wg.dumpPeers();

        UpdateReport report = updater.updateEndpoints(List.of(
                new EndpointUpdate(a, Endpoint.parse("[2001:db8::a]:41000")),
                new EndpointUpdate(b, Endpoint.parse("203.0.113.2:42000")),
                new EndpointUpdate(c, Endpoint.parse("198.51.100.3:40000"))));

        assertThat(report.outcomes())
                .extracting(o -> o.status())
                .containsExactly(Status.APPLIED, Status.APPLIED, Status.UNCHANGED);
        Map<WireGuardKey, List<String>> after = wg.dumpPeers();
        assertThat(wg.dumpInterface()).isEqualTo(interfaceBefore);
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        assertThat(after.get(a).get(1)).isEqualTo("[2001:db8::a]:41000");
        assertThat(after.get(b).get(1)).isEqualTo("203.0.113.2:42000");
        assertThat(after.get(c).get(1)).isEqualTo("198.51.100.3:40000");
        for (WireGuardKey key : List.of(a, b, c)) {
            // psk, allowed IPs, keepalive: fields 0, 2, 6 of a dump peer line (after the public key)
            assertThat(after.get(key).get(0))
                    .as("psk of %s", key)
                    .isEqualTo(before.get(key).get(0));
            assertThat(after.get(key).get(2))
                    .as("allowed IPs of %s", key)
                    .isEqualTo(before.get(key).get(2));
            assertThat(after.get(key).get(6))
                    .as("keepalive of %s", key)
                    .isEqualTo(before.get(key).get(6));
        }
        assertThat(after.get(a).get(0)).isNotEqualTo("(none)");
        assertThat(after.get(a).get(2)).isEqualTo("10.1.0.1/32,fd00:1::1/128,192.168.50.0/24");
        assertThat(after.get(a).get(6)).isEqualTo("25");
    }

    @Test
    void givenUnknownPeer_updateEndpoints_createsNothingAndStillAppliesTheOthers() throws Exception {
        WireGuardKey known = TestKeys.key(10);
        WireGuardKey unknown = TestKeys.key(11);
        wg.wg("set", "pxw0", "peer", known.toBase64(), "allowed-ips", "10.2.0.1/32");

        UpdateReport report = updater.updateEndpoints(List.of(
                new EndpointUpdate(unknown, Endpoint.parse("198.51.100.11:40000")),
                new EndpointUpdate(known, Endpoint.parse("198.51.100.10:40000"))));

        assertThat(report.outcomes()).extracting(o -> o.status()).containsExactly(Status.UNKNOWN_PEER, Status.APPLIED);
        assertThat(wg.dumpPeers()).containsOnlyKeys(known);
    }

    @Test
    void givenInvalidEndpointInput_updateEndpoints_isNeverReachedAndNothingChanges() throws Exception {
        WireGuardKey key = TestKeys.key(20);
        wg.wg("set", "pxw0", "peer", key.toBase64(), "allowed-ips", "10.3.0.1/32", "endpoint", "198.51.100.20:40000");
        String before = wg.wg("show", "pxw0", "dump");

        assertThatThrownBy(() -> Endpoint.parse("wg.example.com:51820"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host names are not allowed");
        List<EndpointUpdate> withNull =
                Arrays.asList(new EndpointUpdate(key, Endpoint.parse("198.51.100.21:40000")), null);
        assertThatThrownBy(() -> updater.updateEndpoints(withNull)).isInstanceOf(NullPointerException.class);

        assertThat(wg.wg("show", "pxw0", "dump")).isEqualTo(before);
    }

    @Test
    void givenThousandPeers_updateEndpoints_landsTheWholeBatch() throws Exception {
        StringBuilder conf = new StringBuilder();
        List<EndpointUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            WireGuardKey key = TestKeys.key(1000 + i);
            conf.append("[Peer]\nPublicKey = ")
                    .append(key.toBase64())
                    .append("\nAllowedIPs = 10.4.")
                    .append(i / 250)
                    .append('.')
                    .append(i % 250 + 1)
                    .append("/32\nEndpoint = 198.51.100.1:")
                    .append(20000 + i)
                    .append("\n\n");
            updates.add(new EndpointUpdate(key, Endpoint.parse("203.0.113." + (i % 250 + 1) + ":" + (30000 + i))));
        }
        wg.addConf(conf.toString());

        UpdateReport report = updater.updateEndpoints(updates);

        assertThat(report.count(Status.APPLIED)).isEqualTo(1000);
        Map<WireGuardKey, List<String>> after = wg.dumpPeers();
        assertThat(after).hasSize(1000);
        for (EndpointUpdate u : updates) {
            assertThat(after.get(u.publicKey()).get(1)).isEqualTo(u.endpoint().toString());
        }
        assertThat(updater.updateEndpoints(updates).count(Status.UNCHANGED)).isEqualTo(1000);
    }

    @Test
    void givenWireGuardGoKilledAndRestarted_updateEndpoints_failsClearlyThenWorksAgain() throws Exception {
        WireGuardKey key = TestKeys.key(30);
        wg.wg("set", "pxw0", "peer", key.toBase64(), "allowed-ips", "10.5.0.1/32", "endpoint", "198.51.100.30:40000");
        WireGuardPeerUpdater auto = new WireGuardPeerUpdater(WireGuardSettings.of("pxw0", Backend.AUTO));
        auto.updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("198.51.100.31:40000"))));

        wg.kill();
        assertThatThrownBy(() ->
                        auto.updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("198.51.100.32:40000")))))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("nothing listens on UAPI socket /var/run/wireguard/pxw0.sock");
        wg.launch();
        wg.wg("set", "pxw0", "peer", key.toBase64(), "allowed-ips", "10.5.0.1/32", "endpoint", "198.51.100.30:40000");

        UpdateReport report =
                auto.updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("198.51.100.33:40000"))));

        assertThat(report.outcomes())
                .singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(Status.APPLIED));
        assertThat(wg.dumpPeers().get(key).get(1)).isEqualTo("198.51.100.33:40000");
    }
}
