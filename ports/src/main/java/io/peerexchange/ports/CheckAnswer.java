package io.peerexchange.ports;

import java.util.Objects;
import java.util.Optional;

/**
 * A valid answer to one of our checks: it came from the address the check went to, for its
 * transaction, signed with the password the check was signed with.
 *
 * @param mapped where the peer saw our check come from (its XOR-MAPPED-ADDRESS); empty for a role conflict
 * @param roleConflict the peer answered 487: both sides claimed the same role
 */
public record CheckAnswer(long checkId, Endpoint from, Optional<Endpoint> mapped, boolean roleConflict) {
    public CheckAnswer {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(mapped, "mapped");
        if (roleConflict == mapped.isPresent()) {
            throw new IllegalArgumentException(
                    "an answer is either a success with a mapped address or a role conflict");
        }
    }
}
