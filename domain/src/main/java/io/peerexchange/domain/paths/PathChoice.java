package io.peerexchange.domain.paths;

import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PathKind;
import io.peerexchange.ports.WireGuardKey;
import java.util.Objects;

/** The pair nominated for a peer: the remote candidate WireGuard is to use, and our side's base. */
public record PathChoice(NodeId peerId, WireGuardKey publicKey, Candidate remote, Candidate local) {
    public PathChoice {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(local, "local");
    }

    public PathKind kind() {
        return PathKind.of(remote.kind());
    }
}
