package io.peerexchange.adapters.wireguard.netlink.genl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.PeerUpdateException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages and attributes: what {@link MessageWriter} writes, {@link NetlinkMessage} and {@link Attribute} read. */
class FramingTest {

    @Test
    void givenNestedAndUnalignedAttributes_writerAndReaders_roundTripWithPadding() throws Exception {
        MessageWriter w = new MessageWriter(128);
        int msg = w.startMessage(0x1b, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, 42, 7, 1);
        w.stringAttr(2, "ab");
        int nest = w.startNested(5);
        w.attr(1, new byte[] {9});
        w.u32Attr(3, 0x01020304);
        w.endNested(nest);
        byte[] bytes = w.endMessage(msg);

        assertThat(bytes.length % 4).isZero();
        List<NetlinkMessage> messages = NetlinkMessage.split(bytes, bytes.length);
        assertThat(messages).hasSize(1);
        NetlinkMessage m = messages.get(0);
        assertThat(m.type()).isEqualTo(0x1b);
        assertThat(m.flags()).isEqualTo(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
        assertThat(m.seq()).isEqualTo(42);
        assertThat(m.payload().get(0)).isEqualTo((byte) 7);

        ByteBuffer attrs = m.genlAttributes();
        Attribute name = Attribute.next(attrs);
        assertThat(name.type()).isEqualTo(2);
        assertThat(name.nested()).isFalse();
        assertThat(name.exactly(3, "name")).containsExactly('a', 'b', 0);
        Attribute nested = Attribute.next(attrs);
        assertThat(nested.type()).isEqualTo(5);
        assertThat(nested.nested()).isTrue();
        assertThat(attrs.hasRemaining()).isFalse();
        Attribute one = Attribute.next(nested.value());
        assertThat(one.exactly(1, "one")).containsExactly(9);
        assertThat(Attribute.next(nested.value()).value().getInt(0)).isEqualTo(0x01020304);
        assertThat(nested.value().hasRemaining()).isFalse();
    }

    @Test
    void givenBadLengths_readers_failAsMalformed() {
        byte[] message = Nl.message(Netlink.NLMSG_NOOP, 0, 1, new byte[4]);

        assertThatThrownBy(() -> NetlinkMessage.split(message, message.length - 4))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("does not fit the datagram");
        assertThatThrownBy(() -> NetlinkMessage.split(Nl.cat(message, new byte[3]), message.length + 3))
                .hasMessageContaining("3 trailing bytes after the last message");
        assertThatThrownBy(() -> Attribute.next(
                        ByteBuffer.wrap(Nl.attr(1, new byte[8]), 0, 8).order(ByteOrder.nativeOrder())))
                .hasMessageContaining("attribute length 12 does not fit its container");
        assertThatThrownBy(() -> Attribute.next(ByteBuffer.wrap(new byte[3])))
                .hasMessageContaining("where an attribute header was expected");
        assertThatThrownBy(() -> Attribute.next(
                                ByteBuffer.wrap(Nl.attr(1, new byte[4])).order(ByteOrder.nativeOrder()))
                        .u64("counter"))
                .hasMessageContaining("counter shorter than 8 bytes");
        byte[] noGenlHeader = Nl.message(0x1b, 0, 1, new byte[2]);
        assertThatThrownBy(() -> NetlinkMessage.split(noGenlHeader, noGenlHeader.length)
                        .get(0)
                        .genlAttributes())
                .hasMessageContaining("generic netlink message without a genl header");
    }
}
