package io.peerexchange.adapters.wireguard.netlink.genl;

import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLA_F_NESTED;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLA_HDRLEN;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLA_TYPE_MASK;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.align;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.malformed;

import io.peerexchange.ports.PeerUpdateException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** One netlink attribute (nlattr): its type without the flag bits, whether it is nested, its value. */
public record Attribute(int type, boolean nested, ByteBuffer value) {

    /** Reads the attribute at the buffer's position and moves past it and its padding. */
    public static Attribute next(ByteBuffer b) throws PeerUpdateException {
        if (b.remaining() < NLA_HDRLEN) {
            throw malformed(b.remaining() + " bytes where an attribute header was expected");
        }
        int start = b.position();
        int len = b.getShort() & 0xffff;
        int rawType = b.getShort() & 0xffff;
        if (len < NLA_HDRLEN || len > b.limit() - start) {
            throw malformed("attribute length " + len + " does not fit its container");
        }
        ByteBuffer value = b.slice(start + NLA_HDRLEN, len - NLA_HDRLEN).order(ByteOrder.nativeOrder());
        b.position(Math.min(b.limit(), start + align(len)));
        return new Attribute(rawType & NLA_TYPE_MASK, (rawType & NLA_F_NESTED) != 0, value);
    }

    /** The value, which must be exactly {@code length} bytes. */
    public byte[] exactly(int length, String what) throws PeerUpdateException {
        if (value.remaining() != length) {
            throw malformed(what + " of " + value.remaining() + " bytes, expected " + length);
        }
        byte[] out = new byte[length];
        value.get(0, out);
        return out;
    }

    /** The value as a u32, which must be exactly 4 bytes. */
    public int u32(String what) throws PeerUpdateException {
        if (value.remaining() != 4) {
            throw malformed(what + " of " + value.remaining() + " bytes, expected 4");
        }
        return value.getInt(0);
    }

    /** The value as a u64 (a longer value is read from its first 8 bytes). */
    public long u64(String what) throws PeerUpdateException {
        if (value.remaining() < 8) {
            throw malformed(what + " shorter than 8 bytes");
        }
        return value.getLong(0);
    }
}
