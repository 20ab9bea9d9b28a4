package io.peerexchange.domain;

import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.NatInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * One discovery: what to report, the binding that found it and, when a second server with a
 * different IP answered, the binding the NAT type was classified against.
 */
public record DiscoveryResult(NatInfo natInfo, MappedAddress primary, Optional<MappedAddress> comparison) {
    public DiscoveryResult {
        Objects.requireNonNull(natInfo, "natInfo");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(comparison, "comparison");
    }
}
