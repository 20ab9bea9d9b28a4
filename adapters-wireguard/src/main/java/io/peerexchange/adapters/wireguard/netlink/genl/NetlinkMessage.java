package io.peerexchange.adapters.wireguard.netlink.genl;

import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.GENL_HDRLEN;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.MAX_ERRNO;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLMSG_HDRLEN;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.align;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.malformed;

import io.peerexchange.ports.PeerUpdateException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** One netlink message as found in a received datagram; {@code payload} follows the nlmsghdr. */
public record NetlinkMessage(int type, int flags, int seq, ByteBuffer payload) {

    /** Splits a datagram into its netlink messages. */
    public static List<NetlinkMessage> split(byte[] datagram, int length) throws PeerUpdateException {
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        while (b.remaining() >= NLMSG_HDRLEN) {
            int start = b.position();
            int len = b.getInt();
            int type = b.getShort() & 0xffff;
            int flags = b.getShort() & 0xffff;
            int seq = b.getInt();
            b.getInt(); // port id
            if (len < NLMSG_HDRLEN || len > length - start) {
                throw malformed("message length " + len + " does not fit the datagram");
            }
            ByteBuffer payload = ByteBuffer.wrap(datagram, start + NLMSG_HDRLEN, len - NLMSG_HDRLEN)
                    .slice()
                    .order(ByteOrder.nativeOrder());
            out.add(new NetlinkMessage(type, flags, seq, payload));
            b.position(Math.min(length, start + align(len)));
        }
        if (b.hasRemaining()) {
            throw malformed(b.remaining() + " trailing bytes after the last message");
        }
        return out;
    }

    /**
     * The (negative or zero) error of an NLMSG_ERROR or NLMSG_DONE payload. Whatever follows the code
     * (the echoed request, extended-ack attributes) is not read.
     */
    public int errorCode() throws PeerUpdateException {
        if (payload.remaining() < 4) {
            throw malformed("error message without an error code");
        }
        int error = payload.getInt(0);
        // The kernel sends 0 or a negative errno; anything else would read as "no ack" once negated.
        if (error > 0 || error < -MAX_ERRNO) {
            throw malformed("error code " + error + " is not 0 or a negative errno");
        }
        return error;
    }

    /** The attributes after the genlmsghdr of a generic netlink message. */
    public ByteBuffer genlAttributes() throws PeerUpdateException {
        if (payload.remaining() < GENL_HDRLEN) {
            throw malformed("generic netlink message without a genl header");
        }
        return payload.position(GENL_HDRLEN).slice().order(ByteOrder.nativeOrder());
    }
}
