package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The control plane's signing keys: the current one and, after a rotation, the one before it with
 * the deadline until which agents still accept it (docs/PROTOCOL.md#signing). The previous key stays
 * usable for deliberately old-signed test events after its deadline; node state stops naming it then.
 */
final class SigningKeys {
    private EventSigner current;
    private EventSigner previous;
    private Instant transitionExpires;

    SigningKeys(EventSigner current) {
        this.current = Objects.requireNonNull(current, "current");
    }

    synchronized EventSigner current() {
        return current;
    }

    synchronized Optional<EventSigner> previous() {
        return Optional.ofNullable(previous);
    }

    /** Makes {@code next} current; the old current becomes the previous key until {@code expires}. */
    synchronized void rotate(EventSigner next, Instant expires) {
        previous = current;
        current = Objects.requireNonNull(next, "next");
        transitionExpires = Objects.requireNonNull(expires, "expires");
    }

    /** {@code {"current"}} plus {@code "previous"} and {@code "transition_expires"} while the transition runs. */
    synchronized ObjectNode view(Instant now) {
        ObjectNode keys = Json.MAPPER.createObjectNode().put("current", current.publicKeyBase64());
        if (previous != null && now.isBefore(transitionExpires)) {
            keys.put("previous", previous.publicKeyBase64());
            keys.put("transition_expires", GoTime.format(transitionExpires));
        }
        return keys;
    }
}
