package io.peerexchange.adapters.stun.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UdpDatagramTest {

    @Test
    void givenIpv4Datagram_build_writesHeaderAndTheChecksumAnIndependentImplementationComputes() throws Exception {
        byte[] datagram = UdpDatagram.build(
                InetAddress.getByName("192.168.1.2"),
                51820,
                InetAddress.getByName("203.0.113.1"),
                3478,
                "abc".getBytes(StandardCharsets.US_ASCII));

        assertThat(datagram).startsWith(0xca, 0x6c, 0x0d, 0x96, 0x00, 0x0b);
        // Reference value from a separate Python implementation of RFC 768.
        assertThat(u16(datagram, 6)).isEqualTo(0x65c6);
    }

    @Test
    void givenIpv6Datagram_build_usesTheIpv6PseudoHeader() throws Exception {
        byte[] datagram = UdpDatagram.build(
                InetAddress.getByName("2001:db8:1::2"),
                51820,
                InetAddress.getByName("2001:db8:ff::1"),
                3478,
                "hello stun".getBytes(StandardCharsets.US_ASCII));

        assertThat(u16(datagram, 6)).isEqualTo(0x9e7d);
    }

    @Test
    void givenAnyBuiltDatagram_checksum_verifiesToZero() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            byte[] source = new byte[i % 2 == 0 ? 4 : 16];
            byte[] destination = new byte[source.length];
            byte[] payload = new byte[random.nextInt(300)];
            random.nextBytes(source);
            random.nextBytes(destination);
            random.nextBytes(payload);
            InetAddress src = InetAddress.getByAddress(source);
            InetAddress dst = InetAddress.getByAddress(destination);
            byte[] datagram =
                    UdpDatagram.build(src, 1 + random.nextInt(65535), dst, 1 + random.nextInt(65535), payload);

            assertThat(UdpDatagram.checksum(src, dst, datagram))
                    .as("case %d", i)
                    .isIn(0, 0xffff);
            assertThat(u16(datagram, 6)).isNotZero();
        }
    }

    @Test
    void givenMixedFamilies_build_rejectsThem() {
        assertThatThrownBy(() -> UdpDatagram.build(
                        InetAddress.getByName("192.0.2.1"), 1, InetAddress.getByName("2001:db8::1"), 2, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int u16(byte[] data, int at) {
        return ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
    }
}
