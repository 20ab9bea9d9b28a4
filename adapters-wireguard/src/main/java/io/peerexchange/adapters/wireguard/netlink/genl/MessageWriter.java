package io.peerexchange.adapters.wireguard.netlink.genl;

import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLA_F_NESTED;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLA_HDRLEN;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds generic netlink messages in place; lengths are patched when a message or nest ends. */
public final class MessageWriter {
    /** Room beyond the asked capacity, so that the last attribute's padding always fits. */
    private static final int SLACK = 64;

    private final ByteBuffer b;

    public MessageWriter(int capacity) {
        b = ByteBuffer.allocate(capacity + SLACK).order(ByteOrder.nativeOrder());
    }

    public int position() {
        return b.position();
    }

    /** Starts an nlmsghdr (port id 0) and its genlmsghdr; returns the start for {@link #endMessage}. */
    public int startMessage(int type, int flags, int seq, int cmd, int version) {
        int start = b.position();
        b.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        b.put((byte) cmd).put((byte) version).putShort((short) 0);
        return start;
    }

    public byte[] endMessage(int start) {
        b.putInt(start, b.position() - start);
        byte[] out = new byte[b.position() - start];
        b.get(start, out);
        return out;
    }

    public void attr(int type, byte[] value) {
        b.putShort((short) (NLA_HDRLEN + value.length)).putShort((short) type).put(value);
        pad();
    }

    public void u32Attr(int type, int value) {
        b.putShort((short) (NLA_HDRLEN + 4)).putShort((short) type).putInt(value);
    }

    /** A NUL-terminated ASCII string. */
    public void stringAttr(int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        byte[] z = new byte[text.length + 1];
        System.arraycopy(text, 0, z, 0, text.length);
        attr(type, z);
    }

    /** Starts a nested attribute; returns the start for {@link #endNested}. */
    public int startNested(int type) {
        int start = b.position();
        b.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
        return start;
    }

    public void endNested(int start) {
        b.putShort(start, (short) (b.position() - start));
    }

    private void pad() {
        while ((b.position() & 3) != 0) {
            b.put((byte) 0);
        }
    }
}
