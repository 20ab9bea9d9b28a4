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
        Optional<PresharedKey> presharedKey,
        Connectivity connectivity) {

    public Peer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(meshIp, "meshIp");
        Objects.requireNonNull(endpoint, "endpoint");
        allowedIps = List.copyOf(allowedIps);
        Objects.requireNonNull(presharedKey, "presharedKey");
        Objects.requireNonNull(connectivity, "connectivity");
    }

    /** A peer whose control plane says nothing of candidates. */
    public Peer(
            NodeId id,
            WireGuardKey publicKey,
            Optional<String> meshIp,
            Optional<Endpoint> endpoint,
            List<String> allowedIps,
            Optional<PresharedKey> presharedKey) {
        this(id, publicKey, meshIp, endpoint, allowedIps, presharedKey, Connectivity.NONE);
    }

    public Peer withConnectivity(Connectivity newConnectivity) {
        return new Peer(id, publicKey, meshIp, endpoint, allowedIps, presharedKey, newConnectivity);
    }

    /** A peer known only by id, key and (maybe) endpoint: what endpoint exchange needs. */
    public static Peer of(NodeId id, WireGuardKey publicKey, Optional<Endpoint> endpoint) {
        return new Peer(id, publicKey, Optional.empty(), endpoint, List.of(), Optional.empty());
    }

    @Override
    public String toString() {
        return "Peer[id=" + id + ", meshIp=" + meshIp.orElse("") + ", endpoint="
                + endpoint.map(Endpoint::toString).orElse("") + ", allowedIps=" + allowedIps + ", candidates="
                + connectivity.candidates()
                + ", publicKey=<hidden>, presharedKey=" + (presharedKey.isPresent() ? "<hidden>" : "none") + "]";
    }
}
