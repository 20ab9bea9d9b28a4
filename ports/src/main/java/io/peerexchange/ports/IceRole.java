package io.peerexchange.ports;

/**
 * An agent's ICE role towards one peer (RFC 8445 §6.1.1): the controlling agent nominates the pair
 * both sides use. Who controls is agreed per peer pair (docs/PROTOCOL.md#candidates).
 */
public enum IceRole {
    CONTROLLING,
    CONTROLLED;

    public IceRole other() {
        return this == CONTROLLING ? CONTROLLED : CONTROLLING;
    }
}
