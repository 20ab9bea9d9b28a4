package io.peerexchange.devtools.controlplane;

import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One node the control plane knows: who it is, the token it authenticates with, and what the
 * other nodes learn about it. {@link #toString()} leaves the token out.
 *
 * @param publicKey  the WireGuard public key, base64 of 32 bytes
 * @param meshIp     the node's address inside the mesh, may be empty
 * @param allowedIps the prefixes the other nodes route to it
 */
public record NodeDefinition(String id, String token, String publicKey, String meshIp, List<String> allowedIps) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public NodeDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(meshIp, "meshIp");
        allowedIps = List.copyOf(allowedIps);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("node id must be 1-63 characters of letters, digits, '.', '_' or '-'");
        }
        if (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException(
                    "node " + id + ": token must be non-empty printable ASCII without spaces");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(publicKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node " + id + ": public_key is not base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("node " + id + ": public_key must be 32 bytes, got " + key.length);
        }
    }

    @Override
    public String toString() {
        return "NodeDefinition[id=" + id + ", meshIp=" + meshIp + ", allowedIps=" + allowedIps + ", token=<hidden>]";
    }
}
