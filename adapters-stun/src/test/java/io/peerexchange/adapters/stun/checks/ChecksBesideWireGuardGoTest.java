package io.peerexchange.adapters.stun.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.stun.codec.CheckCodec;
import io.peerexchange.adapters.stun.codec.CheckMessage;
import io.peerexchange.adapters.stun.codec.IntegrityKey;
import io.peerexchange.adapters.stun.codec.ReceivedCheck;
import io.peerexchange.adapters.stun.codec.TransactionId;
import io.peerexchange.ports.CheckAnswer;
import io.peerexchange.ports.CheckListener;
import io.peerexchange.ports.CheckReply;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.IceRole;
import io.peerexchange.ports.IncomingCheck;
import io.peerexchange.ports.WireGuardFwmark;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.net.FreePorts;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The check transport on a port wireguard-go holds (docs/PROTOCOL.md#shared-port): wireguard-go
 * drops the STUN datagram, the raw socket's copy is answered from the same port, and wireguard-go
 * keeps its port (root: wireguard-go and raw sockets).
 */
class ChecksBesideWireGuardGoTest {
    private static final IceCredentials OURS = IceCredentials.of("oursOURS", "oooooooooooooooooooooooo");

    @Test
    void givenWireGuardGoHoldsThePort_aPeersCheck_isAnsweredFromThatPort_andWireGuardKeepsIt() throws Exception {
        Require.root("wireguard-go and raw sockets need root");
        Require.commands("wireguard-go", "wg", "ip");
        List<IncomingCheck> checks = new CopyOnWriteArrayList<>();
        CheckListener listener = new CheckListener() {
            @Override
            public void onAnswer(CheckAnswer answer) {}

            @Override
            public CheckReply onCheck(IncomingCheck check) {
                checks.add(check);
                return CheckReply.SUCCESS;
            }
        };
        int port = FreePorts.udp();
        try (WireGuardGo wg = WireGuardGo.named("pxck0").listenPort(port).up().start();
                RawCheckTransport transport = new RawCheckTransport(port, WireGuardFwmark.NONE);
                DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            transport.start(OURS, listener);
            InetSocketAddress wireGuardPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            byte[] check = CheckCodec.encode(
                    CheckMessage.request(
                            TransactionId.random(), OURS.ufrag() + ":them", 99, IceRole.CONTROLLING, 5, true),
                    IntegrityKey.shortTerm(OURS.pwdBytes()));
            peer.setSoTimeout(3_000);

            peer.send(new DatagramPacket(check, check.length, wireGuardPort));
            DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
            peer.receive(reply);

            assertThat(reply.getSocketAddress()).isEqualTo(wireGuardPort);
            ReceivedCheck answer = CheckCodec.decode(reply.getData(), 0, reply.getLength());
            assertThat(answer.integrityValid(IntegrityKey.shortTerm(OURS.pwdBytes())))
                    .isTrue();
            assertThat(answer.message().mappedAddress()).contains((InetSocketAddress) peer.getLocalSocketAddress());
            assertThat(checks)
                    .singleElement()
                    .satisfies(c -> assertThat(c.remoteUfrag()).isEqualTo("them"));
            assertThat(wg.listenPort()).isEqualTo(port);
            assertThatThrownBy(() -> new DatagramSocket(new InetSocketAddress(port)).close())
                    .isInstanceOf(BindException.class);
        }
    }
}
