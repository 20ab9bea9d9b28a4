package io.peerexchange.adapters.portmap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NatPmpCodecTest {

    @Test
    void encodeMap_writesRfc6886Layout() {
        byte[] request = NatPmpCodec.encodeMap(51820, 51820, 7200);

        assertThat(request).containsExactly(0, 1, 0, 0, (byte) 0xca, 0x6c, (byte) 0xca, 0x6c, 0, 0, 0x1c, 0x20);
        assertThat(NatPmpCodec.encodeExternalAddressRequest()).containsExactly(0, 0);
    }

    @Test
    void givenAnExternalAddressAnswer_decode_returnsAddressAndEpoch() throws Exception {
        byte[] answer = {0, (byte) 128, 0, 0, 0, 0, 0, 99, (byte) 203, 0, 113, 10};

        NatPmpExternalAddress decoded = NatPmpCodec.decodeExternalAddress(answer, answer.length);

        assertThat(decoded.success()).isTrue();
        assertThat(decoded.epochSeconds()).isEqualTo(99);
        assertThat(decoded.address()).isEqualTo(InetAddress.getByName("203.0.113.10"));
    }

    @Test
    void givenAMapAnswer_decode_returnsPortsAndLifetime() throws Exception {
        byte[] answer = ByteBuffer.allocate(16)
                .put((byte) 0)
                .put((byte) 129)
                .putShort((short) 0)
                .putInt(5)
                .putShort((short) 51820)
                .putShort((short) 40001)
                .putInt(3600)
                .array();

        NatPmpMapResponse decoded = NatPmpCodec.decodeMap(answer, answer.length);

        assertThat(decoded).isEqualTo(new NatPmpMapResponse(0, 5, 51820, 40001, 3600));
    }

    @Test
    void givenTheWrongOpcodeVersionOrLength_decode_rejectsIt() {
        byte[] wrongOpcode = {0, (byte) 128, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8};
        byte[] pcpVersion = {2, (byte) 129, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8};
        byte[] shortSuccess = {0, (byte) 129, 0, 0, 0, 0, 0, 1, 1, 2};
        byte[] tooLong = new byte[NatPmpCodec.MAX_MESSAGE + 1];

        assertThatThrownBy(() -> NatPmpCodec.decodeMap(wrongOpcode, 16)).hasMessageContaining("opcode 128");
        assertThatThrownBy(() -> NatPmpCodec.decodeMap(pcpVersion, 16)).hasMessageContaining("version 2");
        assertThatThrownBy(() -> NatPmpCodec.decodeMap(shortSuccess, 10)).hasMessageContaining("expected 16");
        assertThatThrownBy(() -> NatPmpCodec.decodeMap(tooLong, tooLong.length)).hasMessageContaining("too long");
    }
}
