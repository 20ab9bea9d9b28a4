package io.peerexchange.ports;

import java.util.Optional;

/**
 * Tells the kind of a peer's path. {@link #FROM_ENDPOINTS} judges by endpoints alone; connectivity
 * checks, which know the nominated candidate pair, replace it.
 */
@FunctionalInterface
public interface PathKinds {

    PathKind kindOf(PathEvidence evidence);

    /**
     * WireGuard holds what the agent wrote (or, before any write, what the control plane reported)
     * and it is the reported one: the kind of the peer's candidate at that endpoint ({@code host} for
     * a LAN address it announced), else {@code srflx}. WireGuard holds something else: {@code
     * roamed}. Nothing held, nothing known, or a write the control plane has since replaced: {@code
     * unknown}.
     */
    PathKinds FROM_ENDPOINTS = evidence -> {
        Optional<String> held = evidence.held();
        Optional<Endpoint> written = evidence.written().or(evidence::reported);
        if (held.isEmpty() || written.isEmpty()) {
            return PathKind.UNKNOWN;
        }
        if (!held.get().equals(written.get().toString())) {
            return PathKind.ROAMED;
        }
        if (evidence.reported().isPresent() && !evidence.reported().equals(written)) {
            return PathKind.UNKNOWN;
        }
        return evidence.candidates().stream()
                .filter(c -> c.endpoint().equals(written.get()))
                .map(c -> PathKind.of(c.kind()))
                .findFirst()
                .orElse(PathKind.SRFLX);
    };
}
