package io.peerexchange.adapters.wireguard.netlink.genl;

import io.peerexchange.ports.PeerUpdateException;

/** Finds the ack (NLMSG_ERROR, code 0 on success) that answers one request asked with NLM_F_ACK. */
public final class Acks {
    private Acks() {}

    /**
     * The ack of one request: 0 when it succeeded, else the positive errno, or -1 when the datagram
     * holds no ack for {@code seq}.
     */
    public static int parse(byte[] datagram, int length, int seq) throws PeerUpdateException {
        for (NetlinkMessage m : NetlinkMessage.split(datagram, length)) {
            if (m.seq() == seq && m.type() == Netlink.NLMSG_ERROR) {
                return -m.errorCode();
            }
        }
        return -1;
    }
}
