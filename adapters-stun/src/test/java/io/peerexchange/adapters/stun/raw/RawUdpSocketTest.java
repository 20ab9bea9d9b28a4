package io.peerexchange.adapters.stun.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.testing.env.Require;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The raw socket against the real kernel on loopback (root: CAP_NET_RAW). */
class RawUdpSocketTest {
    private static final byte[] STUN_LOOKING = HexFormat.of().parseHex("010100002112a442000102030405060708090a0b");

    @BeforeEach
    void needsRoot() {
        Require.root("raw sockets need CAP_NET_RAW");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void givenTrafficToSeveralPorts_receive_onlyDeliversStunToTheSharedPort(String loopback) throws Exception {
        InetAddress address = InetAddress.getByName(loopback);
        try (DatagramSocket owner = new DatagramSocket(new InetSocketAddress(address, 0));
                DatagramSocket bystander = new DatagramSocket(new InetSocketAddress(address, 0));
                DatagramSocket sender = new DatagramSocket(new InetSocketAddress(address, 0));
                RawUdpSocket raw = RawUdpSocket.open(address, owner.getLocalPort())) {
            send(sender, "not stun".getBytes(), owner);
            send(sender, STUN_LOOKING, bystander);
            send(sender, STUN_LOOKING, owner);

            List<RawUdpSocket.Received> received = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RawUdpSocket.Received datagram = raw.receive(100);
                if (datagram != null) {
                    received.add(datagram);
                }
            }

            assertThat(received).singleElement().satisfies(d -> {
                assertThat(d.payload()).isEqualTo(STUN_LOOKING);
                assertThat(d.source()).isEqualTo(sender.getLocalSocketAddress());
            });
            // The owner still gets its own copies: sharing takes nothing away from WireGuard.
            owner.setSoTimeout(500);
            DatagramPacket first = new DatagramPacket(new byte[100], 100);
            owner.receive(first);
            assertThat(new String(first.getData(), 0, first.getLength())).isEqualTo("not stun");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void givenSend_datagramArrivesFromTheSharedPortWithItsPayload(String loopback) throws Exception {
        InetAddress address = InetAddress.getByName(loopback);
        try (DatagramSocket owner = new DatagramSocket(new InetSocketAddress(address, 0));
                DatagramSocket peer = new DatagramSocket(new InetSocketAddress(address, 0));
                RawUdpSocket raw = RawUdpSocket.open(address, owner.getLocalPort())) {
            raw.send((InetSocketAddress) peer.getLocalSocketAddress(), STUN_LOOKING);

            peer.setSoTimeout(1000);
            DatagramPacket packet = new DatagramPacket(new byte[100], 100);
            peer.receive(packet);
            assertThat(packet.getPort()).isEqualTo(owner.getLocalPort());
            assertThat(packet.getLength()).isEqualTo(STUN_LOOKING.length);
        }
    }

    @Test
    void givenNothingArrives_receive_returnsNullAfterTheWait() throws Exception {
        try (DatagramSocket owner = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                RawUdpSocket raw = RawUdpSocket.open(InetAddress.getLoopbackAddress(), owner.getLocalPort())) {
            long start = System.nanoTime();

            assertThat(raw.receive(150)).isNull();
            // Not before the wait is over; after it, allow a stall (blocking without a bound would never return).
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(140L, 2000L);
        }
    }

    private static void send(DatagramSocket from, byte[] payload, DatagramSocket to) throws java.io.IOException {
        from.send(new DatagramPacket(payload, payload.length, to.getLocalSocketAddress()));
    }
}
