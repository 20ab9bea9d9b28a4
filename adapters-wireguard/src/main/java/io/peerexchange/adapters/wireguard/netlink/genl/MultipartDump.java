package io.peerexchange.adapters.wireguard.netlink.genl;

import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLMSG_DONE;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLMSG_ERROR;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLMSG_NOOP;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLM_F_DUMP_INTR;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.malformed;

import io.peerexchange.ports.PeerUpdateException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The messages of one NLM_F_DUMP answer, across as many datagrams as the kernel sends, up to
 * NLMSG_DONE. Messages of other requests are skipped; each message of the family is handed to the
 * family's decoder; an error reply becomes a {@link NetlinkError} worded by the family.
 */
public final class MultipartDump {

    /** Decodes the attributes of one message of the dump. */
    @FunctionalInterface
    public interface Part {
        void accept(ByteBuffer genlAttributes) throws PeerUpdateException;
    }

    private final int familyId;
    private final int seq;
    private final String what;
    private final IntFunction<String> explainErrno;
    private final Part part;
    private boolean done;
    private boolean interrupted;

    /**
     * @param what the dump as error messages name it, e.g. "a WireGuard dump"
     * @param explainErrno words a positive errno the kernel answered with
     */
    public MultipartDump(int familyId, int seq, String what, IntFunction<String> explainErrno, Part part) {
        this.familyId = familyId;
        this.seq = seq;
        this.what = Objects.requireNonNull(what, "what");
        this.explainErrno = Objects.requireNonNull(explainErrno, "explainErrno");
        this.part = Objects.requireNonNull(part, "part");
    }

    /**
     * Adds one received datagram.
     *
     * @return true once the dump is complete (NLMSG_DONE seen)
     * @throws NetlinkError when the kernel answered with an error
     */
    public boolean accept(byte[] datagram, int length) throws PeerUpdateException {
        for (NetlinkMessage m : NetlinkMessage.split(datagram, length)) {
            if (m.seq() != seq || done) {
                continue;
            }
            if ((m.flags() & NLM_F_DUMP_INTR) != 0) {
                interrupted = true;
            }
            if (m.type() == NLMSG_DONE) {
                int error = m.payload().remaining() >= 4 ? m.payload().getInt(0) : 0;
                if (error < 0) {
                    throw new NetlinkError(-error, explainErrno.apply(-error));
                }
                done = true;
            } else if (m.type() == NLMSG_ERROR) {
                int error = m.errorCode();
                if (error != 0) {
                    throw new NetlinkError(-error, explainErrno.apply(-error));
                }
            } else if (m.type() == familyId) {
                part.accept(m.genlAttributes());
            } else if (m.type() != NLMSG_NOOP) {
                throw malformed("unexpected message type " + m.type() + " in " + what);
            }
        }
        return done;
    }

    public boolean done() {
        return done;
    }

    /** Whether the object changed during the dump (NLM_F_DUMP_INTR): the parts may not fit together. */
    public boolean interrupted() {
        return interrupted;
    }
}
