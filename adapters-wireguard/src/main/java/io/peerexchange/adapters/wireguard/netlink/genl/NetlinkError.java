package io.peerexchange.adapters.wireguard.netlink.genl;

import io.peerexchange.ports.PeerUpdateException;

/** The kernel answered a request with NLMSG_ERROR; {@link #errno()} is positive. */
public final class NetlinkError extends PeerUpdateException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public NetlinkError(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
