package io.peerexchange.adapters.wireguard.netlink.family;

import static io.peerexchange.adapters.wireguard.netlink.genl.Nl.attr;
import static io.peerexchange.adapters.wireguard.netlink.genl.Nl.cat;
import static io.peerexchange.adapters.wireguard.netlink.genl.Nl.nested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.PeerState;
import io.peerexchange.adapters.wireguard.netlink.genl.Attribute;
import io.peerexchange.adapters.wireguard.netlink.genl.Netlink;
import io.peerexchange.adapters.wireguard.netlink.genl.NetlinkError;
import io.peerexchange.adapters.wireguard.netlink.genl.NetlinkMessage;
import io.peerexchange.adapters.wireguard.netlink.genl.Nl;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.testing.TestKeys;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Byte-for-byte encodings and decodings of the WireGuard generic netlink family (little-endian host). */
class WireGuardFamilyTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int FAMILY = 0x1b;

    @BeforeAll
    static void littleEndianHost() {
        Nl.assumeLittleEndianHost();
    }

    @Test
    void givenSeq_familyRequest_asksTheControllerForWireguard() {
        assertThat(HEX.formatHex(WireGuardFamily.familyRequest(7)))
                .isEqualTo("24000000" + "1000" + "0100" + "07000000" + "00000000"
                        + "03010000"
                        + "0e000200" + HEX.formatHex("wireguard".getBytes()) + "000000");
    }

    @Test
    void givenIfname_getDeviceRequest_isADumpNamingTheInterface() {
        assertThat(HEX.formatHex(WireGuardFamily.getDeviceRequest(FAMILY, 9, "wg0")))
                .isEqualTo(
                        "1c000000" + "1b00" + "0503" + "09000000" + "00000000" + "00010000" + "08000200" + "77673000");
    }

    @Test
    void givenIpv4Update_setEndpointRequests_encodesKeyUpdateOnlyAndSockaddrIn() {
        WireGuardKey key = WireGuardKey.of(Nl.key(1));
        List<byte[]> messages = WireGuardFamily.setEndpointRequests(
                FAMILY, 5, "wg0", List.of(new EndpointUpdate(key, Endpoint.parse("203.0.113.5:51820"))), 8192);

        assertThat(messages).hasSize(1);
        assertThat(HEX.formatHex(messages.get(0)))
                .isEqualTo("64000000" + "1b00" + "0500" + "05000000" + "00000000"
                        + "01010000"
                        + "08000200" + "77673000"
                        + "48000880"
                        + "44000080"
                        + "24000100" + HEX.formatHex(Nl.key(1))
                        + "08000300" + "04000000"
                        + "14000400" + "0200" + "ca6c" + "cb007105" + "0000000000000000");
    }

    @Test
    void givenIpv6Update_setEndpointRequests_encodesSockaddrIn6WithPortInNetworkOrder() {
        List<byte[]> messages = WireGuardFamily.setEndpointRequests(
                FAMILY,
                5,
                "wg0",
                List.of(new EndpointUpdate(WireGuardKey.of(Nl.key(2)), Endpoint.parse("[2001:db8::1]:443"))),
                8192);

        String hex = HEX.formatHex(messages.get(0));
        assertThat(hex.substring(0, 8)).isEqualTo("70000000");
        assertThat(hex)
                .endsWith("20000400" + "0a00" + "01bb" + "00000000" + "20010db8000000000000000000000001" + "00000000");
    }

    @Test
    void givenManyPeers_setEndpointRequests_splitsUnderTheLimitKeepingOrderAndRestartingIndexes() throws Exception {
        List<EndpointUpdate> writes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            writes.add(new EndpointUpdate(
                    TestKeys.key(i),
                    Endpoint.parse(i % 2 == 0 ? "198.51.100.1:" + (1000 + i) : "[2001:db8::" + i + "]:" + (1000 + i))));
        }

        List<byte[]> messages = WireGuardFamily.setEndpointRequests(FAMILY, 100, "wg0", writes, 1024);

        assertThat(messages)
                .hasSizeGreaterThan(20)
                .allSatisfy(m -> assertThat(m.length).isLessThanOrEqualTo(1024));
        List<WireGuardKey> keys = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            NetlinkMessage m = NetlinkMessage.split(messages.get(i), messages.get(i).length)
                    .get(0);
            assertThat(m.seq()).isEqualTo(100 + i);
            assertThat(m.flags()).isEqualTo(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
            ByteBuffer attrs = m.payload().position(4).slice().order(ByteOrder.nativeOrder());
            assertThat(Attribute.next(attrs).type()).isEqualTo(WireGuardFamily.WGDEVICE_A_IFNAME);
            Attribute peers = Attribute.next(attrs);
            assertThat(peers.type()).isEqualTo(WireGuardFamily.WGDEVICE_A_PEERS);
            assertThat(peers.nested()).isTrue();
            int index = 0;
            while (peers.value().hasRemaining()) {
                Attribute peer = Attribute.next(peers.value());
                assertThat(peer.type()).isEqualTo(index++);
                assertThat(peer.nested()).isTrue();
                List<Integer> types = new ArrayList<>();
                while (peer.value().hasRemaining()) {
                    Attribute a = Attribute.next(peer.value());
                    types.add(a.type());
                    if (a.type() == WireGuardFamily.WGPEER_A_PUBLIC_KEY) {
                        byte[] k = new byte[32];
                        a.value().get(0, k);
                        keys.add(WireGuardKey.of(k));
                    } else if (a.type() == WireGuardFamily.WGPEER_A_FLAGS) {
                        assertThat(a.value().getInt(0)).isEqualTo(WireGuardFamily.WGPEER_F_UPDATE_ONLY);
                    } else {
                        endpoints.add(Sockaddr.endpoint(a.value()));
                    }
                }
                assertThat(types).containsExactly(1, 3, 4);
            }
        }
        assertThat(keys)
                .containsExactlyElementsOf(
                        writes.stream().map(EndpointUpdate::publicKey).toList());
        assertThat(endpoints)
                .containsExactlyElementsOf(
                        writes.stream().map(w -> w.endpoint().toString()).toList());
    }

    @Test
    void givenTinyLimit_setEndpointRequests_refuses() {
        assertThatThrownBy(() -> WireGuardFamily.setEndpointRequests(
                        FAMILY,
                        1,
                        "wg0",
                        List.of(new EndpointUpdate(TestKeys.key(1), Endpoint.parse("198.51.100.1:1"))),
                        64))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenControllerAnswer_parseFamilyReply_returnsTheId() throws Exception {
        byte[] reply =
                Nl.genl(0x10, 0, 7, 1, attr(2, "wireguard\0".getBytes()), attr(1, Nl.u16(FAMILY)), attr(3, Nl.u32(1)));

        assertThat(WireGuardFamily.parseFamilyReply(reply, reply.length, 7)).isEqualTo(FAMILY);
    }

    @Test
    void givenEnoent_parseFamilyReply_saysTheModuleIsAbsent() {
        byte[] reply = Nl.error(7, -2);

        assertThatThrownBy(() -> WireGuardFamily.parseFamilyReply(reply, reply.length, 7))
                .isInstanceOf(NetlinkError.class)
                .hasMessageContaining("the kernel has no WireGuard")
                .hasMessageContaining("family \"wireguard\" does not exist");
    }

    private static byte[] peerX(byte[]... more) {
        return cat(attr(1, Nl.key(1)), cat(more));
    }

    private static byte[] allowed(int family, byte[] ip, int cidr) {
        return nested(0, attr(1, Nl.u16(family)), attr(2, ip), attr(3, new byte[] {(byte) cidr}));
    }

    @Test
    void givenDumpSplitAcrossMessagesAndDatagrams_deviceDump_mergesPeersAndTheirAllowedIps() throws Exception {
        byte[] sockaddrIn =
                cat(Nl.u16(2), new byte[] {(byte) 0xca, 0x6c}, new byte[] {(byte) 203, 0, 113, 5}, new byte[8]);
        byte[] sockaddrIn6 = cat(
                Nl.u16(10),
                new byte[] {0x01, (byte) 0xbb},
                new byte[4],
                HEX.parseHex("20010db8000000000000000000000001"),
                new byte[4]);
        byte[] first = Nl.genl(
                FAMILY,
                2,
                9,
                0,
                attr(6, Nl.u16(51820)),
                attr(1, Nl.u32(4)),
                attr(2, "wg0\0".getBytes()),
                attr(3, new byte[32]),
                nested(
                        8,
                        nested(
                                0,
                                peerX(
                                        attr(2, new byte[32]),
                                        attr(4, sockaddrIn),
                                        attr(7, Nl.u64(900)),
                                        attr(6, Nl.timespec(1_700_000_000L, 5)),
                                        attr(5, Nl.u16(25)),
                                        nested(9, allowed(2, new byte[] {10, 0, 0, 1}, 32))))));
        byte[] second = Nl.genl(
                FAMILY,
                2,
                9,
                0,
                nested(
                        8,
                        nested(0, peerX(nested(9, allowed(10, HEX.parseHex("fd000000000000000000000000000001"), 128)))),
                        nested(1, attr(1, Nl.key(2)), attr(4, sockaddrIn6))));
        byte[] third = Nl.genl(FAMILY, 2, 9, 0, nested(8, nested(0, attr(1, Nl.key(3)))));
        DeviceDump dump = new DeviceDump(FAMILY, 9, "wg0");

        byte[] d1 = cat(first, second);
        byte[] d2 = cat(third, Nl.done(9));
        assertThat(dump.accept(d1, d1.length)).isFalse();
        assertThat(dump.accept(d2, d2.length)).isTrue();

        DeviceState state = dump.result();
        assertThat(dump.interrupted()).isFalse();
        assertThat(state.peers()).extracting(p -> p.publicKey().bytes()[31]).containsExactly((byte) 1, (byte) 2, (byte)
                3);
        PeerState x = state.peers().get(0);
        assertThat(x.endpoint()).isEqualTo("203.0.113.5:51820");
        assertThat(x.rxBytes()).isEqualTo(900);
        assertThat(x.lastHandshakeEpochSeconds()).isEqualTo(1_700_000_000L);
        assertThat(x.allowedIps()).containsExactly("10.0.0.1/32", "fd00:0:0:0:0:0:0:1/128");
        assertThat(state.peers().get(1).endpoint()).isEqualTo("[2001:db8::1]:443");
        assertThat(state.peers().get(2).hasEndpoint()).isFalse();
    }

    @Test
    void givenDumpIntrFlag_deviceDump_reportsInterrupted() throws Exception {
        byte[] d = cat(Nl.genl(FAMILY, 2 | 0x10, 9, 0, nested(8, nested(0, attr(1, Nl.key(1))))), Nl.done(9));
        DeviceDump dump = new DeviceDump(FAMILY, 9, "wg0");

        assertThat(dump.accept(d, d.length)).isTrue();
        assertThat(dump.interrupted()).isTrue();
    }

    @Test
    void givenErrorReplies_deviceDump_mapsThemToClearMessages() {
        assertThatThrownBy(() -> dumpOf(Nl.error(9, -19)))
                .isInstanceOf(NetlinkError.class)
                .hasMessage("no such network interface (interface wg0)");
        assertThatThrownBy(() -> dumpOf(Nl.error(9, -1)))
                .hasMessage("permission denied (interface wg0): WireGuard netlink requests need CAP_NET_ADMIN");
        assertThatThrownBy(() -> dumpOf(Nl.error(9, -95))).hasMessage("not a WireGuard interface (interface wg0)");
        assertThatThrownBy(() -> dumpOf(Nl.message(3, 2, 9, Nl.u32(-22))))
                .hasMessageContaining("the kernel refused reading the device (interface wg0): EINVAL");
        assertThat(NetlinkErrors.explain(2, NetlinkErrors.Stage.WRITE, "wg0"))
                .isEqualTo("the kernel refused setting peer endpoints (interface wg0): ENOENT (no such entry)");
    }

    @Test
    void givenIncompleteDump_result_refuses() {
        assertThatThrownBy(() -> new DeviceDump(FAMILY, 9, "wg0").result())
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("not complete");
    }

    @Test
    void givenTruncatedOrGarbage_decoders_throwOnlyPeerUpdateException() {
        byte[] valid = cat(
                Nl.genl(
                        FAMILY,
                        2,
                        9,
                        0,
                        nested(
                                8,
                                nested(
                                        0,
                                        peerX(
                                                attr(4, cat(Nl.u16(2), new byte[14])),
                                                nested(9, allowed(2, new byte[4], 8)))))),
                Nl.done(9));
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] input = valid.clone();
            if (i % 2 == 0) {
                input[random.nextInt(input.length)] = (byte) random.nextInt(256);
            }
            int length = i % 3 == 0 ? random.nextInt(input.length + 1) : input.length;
            try {
                DeviceDump dump = new DeviceDump(FAMILY, 9, "wg0");
                if (dump.accept(input, length)) {
                    dump.result();
                }
            } catch (PeerUpdateException expected) {
                // the only exception a decoder may throw
            }
            try {
                WireGuardFamily.parseFamilyReply(input, length, 9);
            } catch (PeerUpdateException expected) {
                // the only exception a decoder may throw
            }
        }
    }

    private static void dumpOf(byte[] datagram) throws PeerUpdateException {
        new DeviceDump(FAMILY, 9, "wg0").accept(datagram, datagram.length);
    }

    @Test
    void givenAFwmarkAttribute_deviceDump_readsTheMark() throws Exception {
        Nl.assumeLittleEndianHost();
        DeviceDump dump = new DeviceDump(FAMILY, 9, "wg0");
        byte[] answer = cat(
                Nl.genl(FAMILY, 2, 9, 0, attr(WireGuardFamily.WGDEVICE_A_FWMARK, Nl.u32(51820)), nested(8)),
                Nl.done(9));

        assertThat(dump.accept(answer, answer.length)).isTrue();
        assertThat(dump.result().fwmark()).isEqualTo(51820);
    }
}
