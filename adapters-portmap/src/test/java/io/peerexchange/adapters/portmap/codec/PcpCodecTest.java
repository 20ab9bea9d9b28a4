package io.peerexchange.adapters.portmap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PcpCodecTest {
    private static final byte[] NONCE = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    static byte[] response(int result, byte[] nonce, int protocol, int internal, int external, String address)
            throws Exception {
        ByteBuffer b = ByteBuffer.allocate(PcpCodec.MAP_LENGTH);
        b.put((byte) 2)
                .put((byte) 0x81)
                .put((byte) 0)
                .put((byte) result)
                .putInt(7200)
                .putInt(1234);
        b.put(new byte[12]).put(nonce).put((byte) protocol).put(new byte[3]);
        b.putShort((short) internal).putShort((short) external);
        b.put(PcpCodec.ipv6Form(InetAddress.getByName(address)));
        return b.array();
    }

    @Test
    void givenAnIpv4Client_encodeMap_writesRfc6887Layout() throws Exception {
        byte[] request = PcpCodec.encodeMap(InetAddress.getByName("192.168.1.2"), NONCE, 51820, 51820, 7200);

        assertThat(request).hasSize(PcpCodec.MAP_LENGTH);
        ByteBuffer b = ByteBuffer.wrap(request);
        assertThat(b.get()).isEqualTo((byte) 2);
        assertThat(b.get()).isEqualTo((byte) 1);
        b.getShort();
        assertThat(b.getInt()).isEqualTo(7200);
        byte[] client = new byte[16];
        b.get(client);
        assertThat(client).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 192, (byte) 168, 1, 2);
        byte[] nonce = new byte[12];
        b.get(nonce);
        assertThat(nonce).isEqualTo(NONCE);
        assertThat(b.get()).isEqualTo((byte) 17);
        b.position(b.position() + 3);
        assertThat(b.getShort() & 0xffff).isEqualTo(51820);
        assertThat(b.getShort() & 0xffff).isEqualTo(51820);
        byte[] suggested = new byte[16];
        b.get(suggested);
        assertThat(suggested).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0);
    }

    @Test
    void givenASuccessAnswer_decodeMap_returnsTheExternalEndpointLifetimeAndEpoch() throws Exception {
        byte[] answer = response(0, NONCE, 17, 51820, 40000, "203.0.113.10");

        PcpResponse response = PcpCodec.decodeMap(answer, answer.length);

        assertThat(response.success()).isTrue();
        assertThat(response.externalAddress()).isEqualTo(InetAddress.getByName("203.0.113.10"));
        assertThat(response.externalPort()).isEqualTo(40000);
        assertThat(response.lifetimeSeconds()).isEqualTo(7200);
        assertThat(response.epochSeconds()).isEqualTo(1234);
        assertThat(response.nonceMatches(NONCE)).isTrue();
    }

    @Test
    void givenANatPmpVersionAnswer_decodeMap_saysItIsNoPcpAnswer() {
        byte[] natPmp = {0, (byte) 0x81, 0, 1, 0, 0, 0, 5};

        assertThatThrownBy(() -> PcpCodec.decodeMap(natPmp, natPmp.length))
                .isInstanceOf(PortMapDecodeException.class)
                .hasMessageContaining("version 0");
    }

    @Test
    void givenASuccessForTcp_decodeMap_rejectsIt() throws Exception {
        byte[] answer = response(0, NONCE, 6, 51820, 40000, "203.0.113.10");

        assertThatThrownBy(() -> PcpCodec.decodeMap(answer, answer.length))
                .isInstanceOf(PortMapDecodeException.class)
                .hasMessageContaining("not UDP");
    }

    @Test
    void givenAnErrorAnswer_decodeMap_returnsItsResultCode() throws Exception {
        byte[] answer = response(8, NONCE, 17, 51820, 0, "0.0.0.0");

        PcpResponse response = PcpCodec.decodeMap(answer, answer.length);

        assertThat(response.success()).isFalse();
        assertThat(PcpResponse.resultName(response.resultCode())).isEqualTo("NO_RESOURCES");
    }

    @Test
    void givenAnOversizedOrUnalignedAnswer_decodeMap_rejectsIt() throws Exception {
        byte[] big = new byte[PcpCodec.MAX_MESSAGE + 4];
        System.arraycopy(response(0, NONCE, 17, 1, 2, "203.0.113.1"), 0, big, 0, PcpCodec.MAP_LENGTH);

        assertThatThrownBy(() -> PcpCodec.decodeMap(big, big.length)).isInstanceOf(PortMapDecodeException.class);
        assertThatThrownBy(() -> PcpCodec.decodeMap(big, 61)).isInstanceOf(PortMapDecodeException.class);
    }

    @Test
    void givenADeleteAnswerWithoutExternalPort_decodeMap_acceptsIt() throws Exception {
        byte[] answer = response(0, NONCE, 17, 51820, 0, "0.0.0.0");
        ByteBuffer.wrap(answer).putInt(4, 0);

        PcpResponse response = PcpCodec.decodeMap(answer, answer.length);

        assertThat(response.success()).isTrue();
        assertThat(response.lifetimeSeconds()).isZero();
    }
}
