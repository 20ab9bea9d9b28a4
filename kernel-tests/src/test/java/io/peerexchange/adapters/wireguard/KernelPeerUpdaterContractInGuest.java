package io.peerexchange.adapters.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.WireGuardDevice;
import io.peerexchange.adapters.wireguard.netlink.KernelNetlink;
import io.peerexchange.adapters.wireguard.netlink.NetlinkWireGuard;
import io.peerexchange.adapters.wireguard.uapi.UapiWireGuard;
import io.peerexchange.kerneltests.KernelInterface;
import io.peerexchange.kerneltests.Sh;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.UpdateOutcome;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.contract.PeerUpdaterContract;
import io.peerexchange.ports.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link PeerUpdater} contract, and what docs/PROTOCOL.md#endpoint-updates asks of an endpoint update, for the netlink
 * backend on the guest's kernel WireGuard; {@code wg} is the independent reader. Runs in the guest only.
 */
class KernelPeerUpdaterContractInGuest extends PeerUpdaterContract {
    private static final String IFACE = "pxk0";

    private KernelInterface wg;
    private int nextAllowedIp;

    @BeforeAll
    static void inGuest() {
        Sh.requireGuest();
    }

    @BeforeEach
    void freshInterface() {
        wg = KernelInterface.create(IFACE);
        wg.privateKey(Sh.genkey());
        wg.wgSet("listen-port", "51830");
        nextAllowedIp = 1;
    }

    @AfterEach
    void removeInterface() {
        wg.close();
    }

    @Override
    protected PeerUpdater updater() {
        return new WireGuardPeerUpdater(WireGuardSettings.of(IFACE, Backend.NETLINK));
    }

    @Override
    protected void givenPeer(WireGuardKey key, String endpoint) {
        int n = nextAllowedIp++;
        if (endpoint == null) {
            wg.wgSet("peer", key.toBase64(), "allowed-ips", "10.77." + (n / 250) + "." + (n % 250 + 1) + "/32");
        } else {
            wg.wgSet(
                    "peer",
                    key.toBase64(),
                    "allowed-ips",
                    "10.77." + (n / 250) + "." + (n % 250 + 1) + "/32",
                    "endpoint",
                    endpoint);
        }
    }

    @Override
    protected boolean peerExists(WireGuardKey key) {
        return wg.peers().containsKey(key.toBase64());
    }

    @Override
    protected Optional<Endpoint> endpointOf(WireGuardKey key) {
        KernelInterface.Peer peer = wg.peers().get(key.toBase64());
        return peer == null || peer.endpoint().equals("(none)")
                ? Optional.empty()
                : Optional.of(Endpoint.parse(peer.endpoint()));
    }

    @Test
    void givenPeerWithAllowedIpsKeepaliveAndPsk_updateEndpoints_changesTheEndpointOnly() throws Exception {
        WireGuardKey key = TestKeys.key(9);
        Path psk = KernelInterface.secretFile(Sh.ok("wg", "genpsk").trim());
        try {
            wg.wgSet(
                    "peer",
                    key.toBase64(),
                    "preshared-key",
                    psk.toString(),
                    "allowed-ips",
                    "10.77.9.0/24,fd00:77::9/128",
                    "persistent-keepalive",
                    "25",
                    "endpoint",
                    "198.51.100.9:40009");
        } finally {
            Files.deleteIfExists(psk);
        }
        KernelInterface.Peer before = wg.peers().get(key.toBase64());

        UpdateOutcome toV6 = updater()
                .updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("[2001:db8::9]:41009"))))
                .outcomes()
                .get(0);
        KernelInterface.Peer afterV6 = wg.peers().get(key.toBase64());
        UpdateOutcome toV4 = updater()
                .updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("203.0.113.9:42009"))))
                .outcomes()
                .get(0);
        KernelInterface.Peer afterV4 = wg.peers().get(key.toBase64());

        assertThat(toV6.status()).as(toV6.detail()).isEqualTo(Status.APPLIED);
        assertThat(toV4.status()).as(toV4.detail()).isEqualTo(Status.APPLIED);
        assertThat(afterV6.endpoint()).isEqualTo("[2001:db8::9]:41009");
        assertThat(afterV4.endpoint()).isEqualTo("203.0.113.9:42009");
        for (KernelInterface.Peer after : List.of(afterV6, afterV4)) {
            assertThat(after.allowedIps()).isEqualTo(before.allowedIps()).contains("10.77.9.0/24", "fd00:77::9/128");
            assertThat(after.keepalive()).isEqualTo(before.keepalive()).isEqualTo("25");
            assertThat(after.pskDigest()).isEqualTo(before.pskDigest()).isNotEqualTo("(none)");
        }
        assertThat(wg.peers()).hasSize(1);
    }

    @Test
    void givenAWrite_updateEndpoints_readsTheDeviceBackAfterIt() throws Exception {
        WireGuardKey changed = TestKeys.key(10);
        WireGuardKey same = TestKeys.key(11);
        givenPeer(changed, "198.51.100.10:1000");
        givenPeer(same, "198.51.100.11:1000");
        Counting device = new Counting(new NetlinkWireGuard(IFACE));
        WireGuardPeerUpdater updater = new WireGuardPeerUpdater(
                WireGuardSettings.of(IFACE, Backend.NETLINK), () -> device, Clock.systemUTC(), d -> {});

        updater.updateEndpoints(List.of(new EndpointUpdate(same, Endpoint.parse("198.51.100.11:1000"))));
        int readsWithoutWrite = device.reads.get();
        updater.updateEndpoints(List.of(new EndpointUpdate(changed, Endpoint.parse("198.51.100.10:2000"))));

        assertThat(readsWithoutWrite).as("reads when nothing changes").isEqualTo(1);
        assertThat(device.writes.get()).isEqualTo(1);
        assertThat(device.reads.get() - readsWithoutWrite)
                .as("reads around one accepted write: before it and the read-back after it")
                .isEqualTo(2);
    }

    /**
     * The acceptance point of the read-back: an endpoint the kernel acknowledges but ignores (a
     * {@code sockaddr_in} padded to 20 bytes: the kernel takes only 16 or 28) must come out FAILED, and
     * without the read-back the same write would have been reported applied.
     */
    @Test
    void givenEndpointTheKernelSilentlyIgnores_updateEndpoints_readBackReportsItFailed() throws Exception {
        WireGuardKey key = TestKeys.key(12);
        givenPeer(key, "198.51.100.12:1000");
        List<EndpointUpdate> update = List.of(new EndpointUpdate(key, Endpoint.parse("198.51.100.12:2000")));
        AtomicInteger acks = new AtomicInteger(-1);

        UpdateOutcome checked = updaterWritingSockaddrOf(20, acks, true)
                .updateEndpoints(update)
                .outcomes()
                .get(0);
        int ackChecked = acks.get();
        UpdateOutcome unchecked = updaterWritingSockaddrOf(20, acks, false)
                .updateEndpoints(update)
                .outcomes()
                .get(0);

        assertThat(ackChecked).as("the kernel's ack of a 20-byte endpoint").isZero();
        assertThat(acks.get()).isZero();
        assertThat(endpointOf(key)).contains(Endpoint.parse("198.51.100.12:1000"));
        assertThat(checked.status()).as(checked.detail()).isEqualTo(Status.FAILED);
        assertThat(checked.detail()).contains("did not take endpoint 198.51.100.12:2000", "198.51.100.12:1000");
        assertThat(unchecked.status()).as("the same write without a read-back").isEqualTo(Status.APPLIED);
    }

    /** A 15-byte {@code sockaddr_in} is below the kernel's policy minimum: refused, and reported failed. */
    @Test
    void givenFifteenByteSockaddr_kernelRefusesIt_andUpdateReportsFailed() throws Exception {
        WireGuardKey key = TestKeys.key(14);
        givenPeer(key, "198.51.100.14:1000");
        AtomicInteger acks = new AtomicInteger(-1);

        UpdateOutcome outcome = updaterWritingSockaddrOf(15, acks, true)
                .updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("198.51.100.14:2000"))))
                .outcomes()
                .get(0);

        assertThat(acks.get())
                .as("the kernel's answer to a 15-byte endpoint: ERANGE")
                .isEqualTo(34);
        assertThat(outcome.status()).as(outcome.detail()).isEqualTo(Status.FAILED);
        assertThat(endpointOf(key)).contains(Endpoint.parse("198.51.100.14:1000"));
    }

    private WireGuardPeerUpdater updaterWritingSockaddrOf(int length, AtomicInteger acks, boolean verify) {
        NetlinkWireGuard real = new NetlinkWireGuard(IFACE);
        WireGuardDevice broken = new WireGuardDevice() {
            @Override
            public String name() {
                return "netlink-" + length + "-byte-sockaddr";
            }

            @Override
            public DeviceState read() throws PeerUpdateException {
                return real.read();
            }

            @Override
            public Optional<String> writeEndpoints(List<EndpointUpdate> writes) throws PeerUpdateException {
                for (EndpointUpdate w : writes) {
                    int errno = KernelNetlink.setWithEndpointLength(IFACE, w, length);
                    acks.set(errno);
                    if (errno != 0) {
                        return Optional.of("errno " + errno);
                    }
                }
                return Optional.empty();
            }

            @Override
            public boolean verifyAfterWrite() {
                return verify;
            }
        };
        return new WireGuardPeerUpdater(
                WireGuardSettings.of(IFACE, Backend.NETLINK), () -> broken, Clock.systemUTC(), d -> {});
    }

    @Test
    void givenNoUapiSocket_autoChoosesNetlinkAndWritesTheKernel() throws Exception {
        Path uapiDir = Files.createTempDirectory("pxk-uapi");
        try {
            WireGuardSettings auto = new WireGuardSettings(IFACE, Backend.AUTO, uapiDir);
            WireGuardKey key = TestKeys.key(13);
            givenPeer(key, null);

            WireGuardDevice chosen = WireGuardPeerUpdater.choose(auto);
            UpdateOutcome outcome = new WireGuardPeerUpdater(auto)
                    .updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse("198.51.100.13:1300"))))
                    .outcomes()
                    .get(0);
            Files.createFile(uapiDir.resolve(IFACE + ".sock"));
            WireGuardDevice withSocket = WireGuardPeerUpdater.choose(auto);

            assertThat(chosen).isInstanceOf(NetlinkWireGuard.class);
            assertThat(outcome.status()).as(outcome.detail()).isEqualTo(Status.APPLIED);
            assertThat(endpointOf(key)).contains(Endpoint.parse("198.51.100.13:1300"));
            assertThat(withSocket)
                    .as("the same choice once a UAPI socket exists")
                    .isInstanceOf(UapiWireGuard.class);
        } finally {
            Files.deleteIfExists(uapiDir.resolve(IFACE + ".sock"));
            Files.deleteIfExists(uapiDir);
        }
    }

    /** Counts the reads and writes that reach the kernel. */
    private static final class Counting implements WireGuardDevice {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        private final WireGuardDevice real;

        Counting(WireGuardDevice real) {
            this.real = real;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public DeviceState read() throws PeerUpdateException {
            reads.incrementAndGet();
            return real.read();
        }

        @Override
        public Optional<String> writeEndpoints(List<EndpointUpdate> w) throws PeerUpdateException {
            writes.incrementAndGet();
            return real.writeEndpoints(w);
        }

        @Override
        public boolean verifyAfterWrite() {
            return real.verifyAfterWrite();
        }
    }
}
