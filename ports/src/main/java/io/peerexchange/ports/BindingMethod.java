package io.peerexchange.ports;

/** How a STUN binding was sent, which decides whose NAT mapping it learned. */
public enum BindingMethod {
    /** The requested local port was free and bound directly. */
    BOUND("bound"),
    /** The port is held by WireGuard; sent and received through raw sockets with that source port. */
    SHARED_PORT("shared port"),
    /** Sent from an ephemeral port: NOT the WireGuard port's mapping. Only when configured to allow it. */
    EPHEMERAL("ephemeral");

    private final String label;

    BindingMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the mapping learned is the one peers must use to reach the requested port. */
    public boolean isRequestedPortMapping() {
        return this != EPHEMERAL;
    }

    @Override
    public String toString() {
        return label;
    }
}
