package io.peerexchange.adapters.wireguard.netlink.genl;

import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLMSG_ERROR;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLM_F_REQUEST;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.malformed;

import io.peerexchange.ports.PeerUpdateException;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * Resolves a generic netlink family name to the id the kernel assigned it, through the controller
 * (CTRL_CMD_GETFAMILY). The id changes when the family's module is reloaded.
 */
public final class FamilyLookup {
    static final int GENL_ID_CTRL = 0x10;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_VERSION = 1;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;

    private FamilyLookup() {}

    /** CTRL_CMD_GETFAMILY for {@code familyName} on the generic netlink controller. */
    public static byte[] request(int seq, String familyName) {
        MessageWriter w = new MessageWriter(64 + familyName.length());
        int msg = w.startMessage(GENL_ID_CTRL, NLM_F_REQUEST, seq, CTRL_CMD_GETFAMILY, CTRL_VERSION);
        w.stringAttr(CTRL_ATTR_FAMILY_NAME, familyName);
        return w.endMessage(msg);
    }

    /**
     * The family id from the controller's answer to {@link #request}.
     *
     * @param explainErrno words a positive errno the controller answered with (ENOENT: no such family)
     * @throws NetlinkError when the controller answered with an error
     */
    public static int parseReply(byte[] datagram, int length, int seq, IntFunction<String> explainErrno)
            throws PeerUpdateException {
        for (NetlinkMessage m : NetlinkMessage.split(datagram, length)) {
            if (m.seq() != seq) {
                continue;
            }
            if (m.type() == NLMSG_ERROR) {
                int error = m.errorCode();
                if (error != 0) {
                    throw new NetlinkError(-error, explainErrno.apply(-error));
                }
                continue;
            }
            if (m.type() != GENL_ID_CTRL) {
                continue;
            }
            ByteBuffer attrs = m.genlAttributes();
            while (attrs.hasRemaining()) {
                Attribute a = Attribute.next(attrs);
                if (a.type() == CTRL_ATTR_FAMILY_ID) {
                    if (a.value().remaining() < 2) {
                        throw malformed("family id attribute shorter than 2 bytes");
                    }
                    return a.value().getShort(0) & 0xffff;
                }
            }
            throw malformed("the controller's answer carries no family id");
        }
        throw malformed("no answer to the family lookup");
    }
}
