package io.peerexchange.ports;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer of this node as the control plane describes it. {@link #toString()} shows neither the
 * public key nor the preshared key.
 */
public record Peer(
        NodeId id,
        WireGuardKey publicKey,
        Optional<String> meshIp,
        Optional<Endpoint> endpoint,
        List<String> allowedIps,
        Optional<PresharedKey> presharedKey) {

    public Peer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(meshIp, "meshIp");
        Objects.requireNonNull(endpoint, "endpoint");
        allowedIps = List.copyOf(allowedIps);
        Objects.requireNonNull(presharedKey, "presharedKey");
    }

    /** A peer known only by id, key and (maybe) endpoint: what endpoint exchange needs. */
    public static Peer of(NodeId id, WireGuardKey publicKey, Optional<Endpoint> endpoint) {
        return new Peer(id, publicKey, Optional.empty(), endpoint, List.of(), Optional.empty());
    }

    @Override
    public String toString() {
        return "Peer[id=" + id + ", meshIp=" + meshIp.orElse("") + ", endpoint="
                + endpoint.map(Endpoint::toString).orElse("") + ", allowedIps=" + allowedIps
                + ", publicKey=<hidden>, presharedKey=" + (presharedKey.isPresent() ? "<hidden>" : "none") + "]";
    }
}
