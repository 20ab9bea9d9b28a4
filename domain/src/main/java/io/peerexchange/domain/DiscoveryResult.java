package io.peerexchange.domain;

import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.NatInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * One discovery: what to report, the binding that found it, when a second server with a different
 * IP answered, the binding the NAT type was classified against, and, when a server of the other
 * address family answered, the WireGuard port's mapping in that family (a second srflx candidate,
 * docs/PROTOCOL.md#stun-over-both-families).
 */
public record DiscoveryResult(
        NatInfo natInfo,
        MappedAddress primary,
        Optional<MappedAddress> comparison,
        Optional<MappedAddress> otherFamily) {
    public DiscoveryResult {
        Objects.requireNonNull(natInfo, "natInfo");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(otherFamily, "otherFamily");
    }

    /** This discovery with {@code mapped} as the other address family's mapping. */
    public DiscoveryResult withOtherFamily(Optional<MappedAddress> mapped) {
        return new DiscoveryResult(natInfo, primary, comparison, mapped);
    }

    /** A discovery that learned nothing in the other address family. */
    public DiscoveryResult(NatInfo natInfo, MappedAddress primary, Optional<MappedAddress> comparison) {
        this(natInfo, primary, comparison, Optional.empty());
    }
}
