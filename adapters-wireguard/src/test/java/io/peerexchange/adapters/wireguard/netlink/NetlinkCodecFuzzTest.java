package io.peerexchange.adapters.wireguard.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerexchange.ports.PeerUpdateException;

/**
 * Fuzz target for the kernel's answers: a datagram read as a WireGuard device dump (family id
 * 0x15, sequence 1), as an ack and as a family lookup, either decodes or fails with
 * {@link PeerUpdateException}. Inputs:
 * {@code src/test/resources/io/peerexchange/adapters/wireguard/netlink/NetlinkCodecFuzzTestInputs/deviceDump/}.
 */
class NetlinkCodecFuzzTest {
    static final int FAMILY = 0x15;

    @FuzzTest(maxDuration = "10m")
    void deviceDump(byte[] datagram) {
        NetlinkCodec.DeviceDump dump = new NetlinkCodec.DeviceDump(FAMILY, 1);
        try {
            if (dump.accept(datagram, datagram.length, "pxr0")) {
                assertThat(dump.result().peers()).doesNotContainNull();
            }
        } catch (PeerUpdateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            assertThat(NetlinkCodec.parseAck(datagram, datagram.length, 1)).isGreaterThanOrEqualTo(-1);
        } catch (PeerUpdateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            assertThat(NetlinkCodec.parseFamilyReply(datagram, datagram.length, 1))
                    .isBetween(0, 0xffff);
        } catch (PeerUpdateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
