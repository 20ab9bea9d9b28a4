package io.peerexchange.adapters.stun.codec;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One Binding message as far as this client cares: its type and transaction, the mapped address
 * of a success (XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS), the error of an error response, the
 * SOFTWARE text, and whether a FINGERPRINT is (to be) attached.
 */
public record StunMessage(
        StunMessageType type,
        TransactionId transactionId,
        Optional<InetSocketAddress> mappedAddress,
        Optional<StunErrorCode> error,
        Optional<String> software,
        boolean fingerprint) {

    /** SOFTWARE may hold at most 127 characters (RFC 8489 §14.14). */
    public static final int MAX_SOFTWARE_CHARS = 127;

    public StunMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(mappedAddress, "mappedAddress");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(software, "software");
        mappedAddress.ifPresent(address -> {
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("a mapped address must be resolved");
            }
        });
        software.ifPresent(text -> {
            if (text.codePointCount(0, text.length()) > MAX_SOFTWARE_CHARS) {
                throw new IllegalArgumentException("SOFTWARE must be at most " + MAX_SOFTWARE_CHARS + " characters");
            }
        });
        if (type == StunMessageType.BINDING_ERROR && error.isEmpty()) {
            throw new IllegalArgumentException("an error response needs an error code");
        }
    }

    public static StunMessage bindingRequest(TransactionId id, Optional<String> software) {
        return new StunMessage(StunMessageType.BINDING_REQUEST, id, Optional.empty(), Optional.empty(), software, true);
    }

    public static StunMessage bindingSuccess(TransactionId id, InetSocketAddress mapped) {
        return new StunMessage(
                StunMessageType.BINDING_SUCCESS, id, Optional.of(mapped), Optional.empty(), Optional.empty(), true);
    }

    public static StunMessage bindingError(TransactionId id, StunErrorCode error) {
        return new StunMessage(
                StunMessageType.BINDING_ERROR, id, Optional.empty(), Optional.of(error), Optional.empty(), true);
    }
}
