package io.peerexchange.adapters.wireguard.netlink.family;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerexchange.adapters.wireguard.netlink.genl.Acks;
import io.peerexchange.ports.PeerUpdateException;

/**
 * Fuzz target for the kernel's answers: a datagram read as a WireGuard device dump (family id
 * 0x15, sequence 1), as an ack and as a family lookup, either decodes or fails with
 * {@link PeerUpdateException}. Inputs:
 * {@code src/test/resources/io/peerexchange/adapters/wireguard/netlink/family/WireGuardFamilyFuzzTestInputs/deviceDump/}.
 */
class WireGuardFamilyFuzzTest {
    static final int FAMILY = 0x15;

    @FuzzTest(maxDuration = "10m")
    void deviceDump(byte[] datagram) {
        DeviceDump dump = new DeviceDump(FAMILY, 1, "pxr0");
        try {
            if (dump.accept(datagram, datagram.length)) {
                assertThat(dump.result().peers()).doesNotContainNull();
            }
        } catch (PeerUpdateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            assertThat(Acks.parse(datagram, datagram.length, 1)).isGreaterThanOrEqualTo(-1);
        } catch (PeerUpdateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            assertThat(WireGuardFamily.parseFamilyReply(datagram, datagram.length, 1))
                    .isBetween(0, 0xffff);
        } catch (PeerUpdateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
