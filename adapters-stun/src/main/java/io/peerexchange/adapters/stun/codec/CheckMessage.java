package io.peerexchange.adapters.stun.codec;

import io.peerexchange.ports.IceRole;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * An ICE connectivity check (RFC 8445 §7.1) or its answer: a Binding request with USERNAME,
 * PRIORITY, ICE-CONTROLLING or ICE-CONTROLLED and maybe USE-CANDIDATE; a success with
 * XOR-MAPPED-ADDRESS; an error with ERROR-CODE (487 for a role conflict). On the wire every one of
 * them carries MESSAGE-INTEGRITY and FINGERPRINT.
 *
 * @param priority the PRIORITY of a request, 0 otherwise
 * @param tieBreaker the 64-bit tie-breaker of a request's role attribute
 */
public record CheckMessage(
        StunMessageType type,
        TransactionId transactionId,
        Optional<String> username,
        long priority,
        Optional<IceRole> role,
        long tieBreaker,
        boolean useCandidate,
        Optional<InetSocketAddress> mappedAddress,
        Optional<StunErrorCode> error) {

    /** USERNAME is at most 513 bytes (RFC 8489 §14.3). */
    public static final int MAX_USERNAME_BYTES = 513;

    public static final int ROLE_CONFLICT = 487;

    public CheckMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(mappedAddress, "mappedAddress");
        Objects.requireNonNull(error, "error");
        username.ifPresent(name -> {
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > MAX_USERNAME_BYTES) {
                throw new IllegalArgumentException("USERNAME must have 1 to " + MAX_USERNAME_BYTES + " bytes");
            }
        });
        switch (type) {
            case BINDING_REQUEST -> {
                if (username.isEmpty() || role.isEmpty() || priority < 1 || priority > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException("a check needs USERNAME, PRIORITY 1 to 2^32-1 and a role");
                }
            }
            case BINDING_SUCCESS -> {
                if (mappedAddress.isEmpty() || mappedAddress.get().isUnresolved()) {
                    throw new IllegalArgumentException("a check's success answer needs a resolved mapped address");
                }
            }
            case BINDING_ERROR -> {
                if (error.isEmpty()) {
                    throw new IllegalArgumentException("a check's error answer needs an error code");
                }
            }
        }
    }

    public static CheckMessage request(
            TransactionId id, String username, long priority, IceRole role, long tieBreaker, boolean useCandidate) {
        return new CheckMessage(
                StunMessageType.BINDING_REQUEST,
                id,
                Optional.of(username),
                priority,
                Optional.of(role),
                tieBreaker,
                useCandidate,
                Optional.empty(),
                Optional.empty());
    }

    public static CheckMessage success(TransactionId id, InetSocketAddress mapped) {
        return new CheckMessage(
                StunMessageType.BINDING_SUCCESS,
                id,
                Optional.empty(),
                0,
                Optional.empty(),
                0,
                false,
                Optional.of(mapped),
                Optional.empty());
    }

    public static CheckMessage roleConflict(TransactionId id) {
        return new CheckMessage(
                StunMessageType.BINDING_ERROR,
                id,
                Optional.empty(),
                0,
                Optional.empty(),
                0,
                false,
                Optional.empty(),
                Optional.of(new StunErrorCode(ROLE_CONFLICT, "Role Conflict")));
    }
}
