package io.peerexchange.ports;

import java.util.Optional;

/**
 * A relay for peers no direct path reaches (docs/PROTOCOL.md#turn-relay): allocated on first
 * use, one path per peer, given back when no peer uses it. An adapter that cannot get a relay logs
 * why and answers empty; it never throws for a server's failure.
 */
public interface Relay {

    /** A path to the peer whose WireGuard port the relay reaches at {@code remote}; empty when no relay is to be had. */
    Optional<RelayedPath> relay(Endpoint remote) throws InterruptedException;

    /** Stops relaying to {@code remote}; the last release gives the allocation back. */
    void release(Endpoint remote) throws InterruptedException;
}
