package io.peerexchange.ports;

/**
 * The fwmark of the WireGuard interface: what the agent sends from the WireGuard port (connectivity
 * checks) carries the same mark, so policy routing treats it like WireGuard's own packets.
 */
@FunctionalInterface
public interface WireGuardFwmark {
    /** The interface's fwmark, 0 for none. */
    int fwmark() throws PeerUpdateException;

    WireGuardFwmark NONE = () -> 0;
}
