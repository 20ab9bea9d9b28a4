package io.peerexchange.adapters.portmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.peerexchange.adapters.portmap.codec.PcpCodec;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A hostile gateway on loopback answers every request with garbage first, then (maybe) the real
 * answer: each bad datagram is refused with a log line and changes nothing; the real one is taken.
 */
class PcpNatPmpHostileAnswersTest {
    private static final Duration BUDGET = Duration.ofMillis(700);

    private final DatagramSocket server;
    private final Gateway gateway;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private volatile Function<byte[], List<byte[]>> script = request -> List.of();
    private final Thread responder;

    PcpNatPmpHostileAnswersTest() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = new DatagramSocket(new InetSocketAddress(loopback, 0));
        gateway = new Gateway(loopback, loopback, 8);
        responder = new Thread(this::respond, "hostile-gateway");
        responder.setDaemon(true);
        responder.start();
    }

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(UdpExchange.class)).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(UdpExchange.class)).detachAppender(log);
        server.close();
    }

    private void respond() {
        byte[] buffer = new byte[2048];
        while (!server.isClosed()) {
            try {
                DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                server.receive(request);
                byte[] bytes = java.util.Arrays.copyOf(request.getData(), request.getLength());
                for (byte[] answer : script.apply(bytes)) {
                    server.send(new DatagramPacket(answer, answer.length, request.getSocketAddress()));
                }
            } catch (java.io.IOException closed) {
                return;
            }
        }
    }

    private List<String> rejections() {
        return log.list.stream()
                .filter(e -> e.getFormattedMessage().equals("gateway answer rejected"))
                .map(e -> String.valueOf(e.getKeyValuePairs()))
                .toList();
    }

    private static byte[] pcpAnswer(byte[] request, byte[] nonce, int externalPort) {
        ByteBuffer b = ByteBuffer.allocate(PcpCodec.MAP_LENGTH);
        b.put((byte) 2)
                .put((byte) 0x81)
                .put((byte) 0)
                .put((byte) 0)
                .putInt(7200)
                .putInt(100);
        b.put(new byte[12]).put(nonce).put((byte) 17).put(new byte[3]);
        b.putShort(ByteBuffer.wrap(request).getShort(40)).putShort((short) externalPort);
        b.put(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 203, 0, 113, 10});
        return b.array();
    }

    private static byte[] nonceOf(byte[] request) {
        return java.util.Arrays.copyOfRange(request, 24, 36);
    }

    @Test
    void givenGarbageAWrongNonceAndATcpAnswerFirst_pcpMap_refusesEachAndTakesTheRealAnswer() throws Exception {
        Random random = new Random(17);
        script = request -> {
            byte[] junk = new byte[64];
            random.nextBytes(junk);
            byte[] otherNonce = pcpAnswer(request, new byte[12], 1111);
            byte[] tcp = pcpAnswer(request, nonceOf(request), 2222);
            tcp[36] = 6;
            return List.of(junk, new byte[] {2}, otherNonce, tcp, pcpAnswer(request, nonceOf(request), 40000));
        };

        PortMapping mapping =
                new PcpMapper(BUDGET, server.getLocalPort()).map(gateway, 51820, 51820, Duration.ofHours(2));

        assertThat(mapping.external()).isEqualTo(Endpoint.parse("203.0.113.10:40000"));
        assertThat(mapping.lifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(rejections()).hasSize(4);
        assertThat(String.join("\n", rejections()))
                .contains("another nonce")
                .contains("not UDP")
                .contains("too short");
    }

    @Test
    void givenOnlyHostileAnswers_natPmpMap_failsAfterItsBudgetWithEveryAnswerRejected() {
        script = request ->
                List.of(new byte[] {0, (byte) 0x80, 0, 0}, new byte[17], new byte[] {2, (byte) 129, 0, 0, 0, 0, 0, 0});

        assertThatThrownBy(() ->
                        new NatPmpMapper(BUDGET, server.getLocalPort()).map(gateway, 51820, 51820, Duration.ofHours(2)))
                .isInstanceOf(PortMappingException.class)
                .hasMessageContaining("no answer from");
        assertThat(rejections())
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("natpmp"));
    }
}
