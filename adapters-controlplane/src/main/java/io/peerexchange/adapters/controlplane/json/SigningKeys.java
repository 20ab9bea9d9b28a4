package io.peerexchange.adapters.controlplane.json;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The control plane's event signing keys, as a {@code signing_key_rotated} payload or the node state's
 * {@code signing_keys} give them: base64 raw Ed25519 public keys.
 *
 * @param previous the key being replaced, accepted until {@code transitionExpires}
 */
public record SigningKeys(String current, Optional<String> previous, Optional<Instant> transitionExpires) {
    public SigningKeys {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(transitionExpires, "transitionExpires");
    }

    /** Public keys, but a log line needs none of them. */
    @Override
    public String toString() {
        return "SigningKeys[previous=" + previous.isPresent() + ", transitionExpires="
                + transitionExpires.map(Instant::toString).orElse("") + "]";
    }
}
