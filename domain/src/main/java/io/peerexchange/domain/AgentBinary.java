package io.peerexchange.domain;

import java.util.Objects;

/**
 * The running agent as the heartbeat names it.
 *
 * @param version the agent's version
 * @param checksum SHA-256 (lower-case hex) of the jar the agent runs from; empty when it runs from
 *     class directories (tests, an IDE)
 */
public record AgentBinary(String version, String checksum) {
    public AgentBinary {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(checksum, "checksum");
        if (!checksum.isEmpty() && !checksum.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("checksum must be 64 lower-case hex digits or empty");
        }
    }
}
