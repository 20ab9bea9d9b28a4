package io.peerexchange.adapters.portmap.codec;

/** A NAT-PMP UDP mapping response. */
public record NatPmpMapResponse(
        int resultCode, long epochSeconds, int internalPort, int externalPort, long lifetimeSeconds) {
    public boolean success() {
        return resultCode == 0;
    }
}
