package io.peerexchange.ports;

import java.time.Duration;
import java.util.Objects;

/**
 * A mapping the gateway granted: which protocol made it, the external endpoint the internet reaches
 * the internal UDP port at, and for how long. A {@link Duration#ZERO} lifetime is a permanent lease
 * (UPnP routers that grant nothing else); it lasts until it is released.
 */
public record PortMapping(PortMappingProtocol protocol, int internalPort, Endpoint external, Duration lifetime) {
    public PortMapping {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(external, "external");
        Objects.requireNonNull(lifetime, "lifetime");
        if (internalPort < 1 || internalPort > 65535) {
            throw new IllegalArgumentException("invalid internal port " + internalPort + ": must be 1-65535");
        }
        if (lifetime.isNegative()) {
            throw new IllegalArgumentException("invalid lifetime " + lifetime + ": negative");
        }
    }

    /** Whether the gateway granted a lease without expiry. */
    public boolean permanent() {
        return lifetime.isZero();
    }

    @Override
    public String toString() {
        return protocol + " " + internalPort + " -> " + external + (permanent() ? " permanent" : " for " + lifetime);
    }
}
