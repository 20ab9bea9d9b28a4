package io.peerexchange.adapters.wireguard.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.adapters.wireguard.WireGuardPeerUpdater;
import io.peerexchange.adapters.wireguard.WireGuardSettings;
import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.PeerState;
import io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily;
import io.peerexchange.kerneltests.KernelInterface;
import io.peerexchange.kerneltests.Sh;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.testing.TestKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * 10,000 peers on the guest's kernel WireGuard: one update call writes all their endpoints in split
 * messages, and the backend's multi-part dump reads them back as {@code wg} does; a dump the kernel
 * marks NLM_F_DUMP_INTR is noticed and retried. Runs in the guest only, as its last class: the
 * interface is left for the guest's power-off, because deleting 10,000 kernel peers costs an RCU grace
 * period each ({@code netif_napi_del}), minutes under TCG.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelNetlinkInGuest {
    private static final String IFACE = "pxk1";
    private static final int PEERS = 10_000;

    private static KernelInterface wg;

    @BeforeAll
    static void tenThousandPeers() {
        Sh.requireGuest();
        wg = KernelInterface.create(IFACE);
        // No private key: the kernel then skips one Curve25519 computation per added peer.
        StringBuilder conf = new StringBuilder("[Interface]\nListenPort = 51831\n");
        for (int i = 0; i < PEERS; i++) {
            conf.append("[Peer]\nPublicKey = ")
                    .append(TestKeys.key(i).toBase64())
                    .append("\nAllowedIPs = 10.")
                    .append(100 + i / 65536)
                    .append('.')
                    .append(i / 256 % 256)
                    .append('.')
                    .append(i % 256)
                    .append("/32\nEndpoint = ")
                    .append(initial(i))
                    .append('\n');
        }
        wg.setconf(conf.toString());
    }

    private static String initial(int i) {
        return "198.51.100." + (i % 250 + 1) + ":" + (20000 + i / 250);
    }

    /** Every other peer moves to IPv6, the rest to another IPv4 endpoint. */
    private static Endpoint moved(int i) {
        return Endpoint.parse(
                i % 2 == 0
                        ? "[2001:db8::" + Integer.toHexString(i + 1) + "]:" + (30000 + i % 1000)
                        : "203.0.113." + (i % 250 + 1) + ":" + (40000 + i / 250));
    }

    @Test
    @Order(1)
    void givenTenThousandPeers_multiPartDump_readsThemAllAsWgDoes() throws Exception {
        KernelNetlink.Dump dump = KernelNetlink.dump(IFACE);
        DeviceState state = new NetlinkWireGuard(IFACE).read();

        assertThat(dump.datagrams()).as("datagrams in one dump").isGreaterThan(10);
        assertThat(dump.interrupted()).isFalse();
        assertThat(state.size()).isEqualTo(PEERS);
        Map<String, KernelInterface.Peer> byWg = wg.peers();
        assertThat(byWg).hasSize(PEERS);
        for (PeerState peer : state.peers()) {
            KernelInterface.Peer reference = byWg.get(peer.publicKey().toBase64());
            assertThat(reference).as(peer.publicKey().toBase64()).isNotNull();
            assertThat(peer.endpoint()).isEqualTo(PeerState.canonicalEndpoint(reference.endpoint()));
            assertThat(String.join(",", peer.allowedIps())).isEqualTo(reference.allowedIps());
        }
        assertThat(dump.state().peers()).isEqualTo(state.peers());
    }

    @Test
    @Order(2)
    void givenTenThousandPeers_updateEndpoints_writesAllInSplitMessagesAndReadsThemBack() throws Exception {
        List<EndpointUpdate> updates = new ArrayList<>(PEERS);
        for (int i = 0; i < PEERS; i++) {
            updates.add(new EndpointUpdate(TestKeys.key(i), moved(i)));
        }
        int messages = WireGuardFamily.setEndpointRequests(
                        1, 1, IFACE, updates, WireGuardFamily.DEFAULT_MAX_MESSAGE_BYTES)
                .size();
        Map<String, String> allowedBefore = new HashMap<>();
        wg.peers().forEach((k, p) -> allowedBefore.put(k, p.allowedIps()));

        long t0 = System.nanoTime();
        UpdateReport report =
                new WireGuardPeerUpdater(WireGuardSettings.of(IFACE, Backend.NETLINK)).updateEndpoints(updates);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(
                "10,000 endpoint updates through netlink in the guest: " + ms + " ms, " + messages + " messages");

        assertThat(messages).as("SET messages for 10,000 peers").isGreaterThan(1);
        assertThat(report.count(Status.APPLIED)).isEqualTo(PEERS);
        Map<String, KernelInterface.Peer> after = wg.peers();
        assertThat(after).hasSize(PEERS);
        for (int i = 0; i < PEERS; i++) {
            KernelInterface.Peer peer = after.get(TestKeys.key(i).toBase64());
            assertThat(Endpoint.parse(peer.endpoint())).as("peer %d", i).isEqualTo(moved(i));
            assertThat(peer.allowedIps()).isEqualTo(allowedBefore.get(peer.publicKey()));
        }
    }

    @Test
    @Order(3)
    void givenWritesDuringADump_kernelMarksItInterrupted_andReadRetriesToAWholeState() throws Exception {
        WireGuardKey churned = TestKeys.key(7);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        NetlinkWireGuard writer = new NetlinkWireGuard(IFACE);
        Thread churn = new Thread(() -> {
            int n = 0;
            while (!stop.get()) {
                try {
                    writer.writeEndpoints(List.of(
                            new EndpointUpdate(churned, Endpoint.parse("198.51.100.7:" + (50000 + n++ % 1000)))));
                    writes.incrementAndGet();
                    Thread.sleep(5);
                } catch (Exception e) {
                    return;
                }
            }
        });
        boolean seen = false;
        int dumps = 0;
        churn.start();
        try {
            while (!seen && dumps < 20) {
                dumps++;
                seen = KernelNetlink.dump(IFACE).interrupted();
            }
        } finally {
            stop.set(true);
            churn.join(10_000);
        }
        System.out.println("NLM_F_DUMP_INTR " + (seen ? "seen" : "not seen") + " after " + dumps + " dumps, "
                + writes.get() + " concurrent writes");

        // Writes that stop while the backend dumps: its first attempts may be interrupted, a later one is whole.
        stop.set(false);
        Thread burst = new Thread(() -> {
            for (int n = 0; n < 5 && !stop.get(); n++) {
                try {
                    writer.writeEndpoints(
                            List.of(new EndpointUpdate(churned, Endpoint.parse("198.51.100.7:" + (51000 + n)))));
                    Thread.sleep(50);
                } catch (Exception e) {
                    return;
                }
            }
        });
        burst.start();
        DeviceState state;
        try {
            state = new NetlinkWireGuard(IFACE).read();
        } finally {
            stop.set(true);
            burst.join(10_000);
        }

        assertThat(seen)
                .as("the kernel flagged a dump interrupted by concurrent writes")
                .isTrue();
        assertThat(state.size()).isEqualTo(PEERS);
        assertThat(state.peer(TestKeys.key(PEERS - 1)).orElseThrow().endpoint())
                .isEqualTo(moved(PEERS - 1).toString());
    }
}
