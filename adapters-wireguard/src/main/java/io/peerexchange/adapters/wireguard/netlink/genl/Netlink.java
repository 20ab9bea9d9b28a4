package io.peerexchange.adapters.wireguard.netlink.genl;

import io.peerexchange.ports.PeerUpdateException;

/** The numbers of netlink and generic netlink framing (linux/netlink.h, linux/genetlink.h), in host order. */
public final class Netlink {
    public static final int NLMSG_HDRLEN = 16;
    public static final int GENL_HDRLEN = 4;
    public static final int NLA_HDRLEN = 4;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP = 0x300;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;

    /** Linux errno values are below 4096 (MAX_ERRNO in include/linux/err.h). */
    static final int MAX_ERRNO = 4095;

    static final int NLA_F_NESTED = 0x8000;
    static final int NLA_TYPE_MASK = 0x3fff;

    private Netlink() {}

    /** Netlink pads messages and attributes to 4 bytes. */
    public static int align(int n) {
        return (n + 3) & ~3;
    }

    public static PeerUpdateException malformed(String what) {
        return new PeerUpdateException("malformed netlink answer: " + what);
    }
}
