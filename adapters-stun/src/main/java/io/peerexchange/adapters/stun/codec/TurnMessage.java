package io.peerexchange.adapters.stun.codec;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One TURN message (RFC 8656) as far as this client cares: method, class and transaction, and the
 * attributes of Allocate, Refresh, CreatePermission, ChannelBind and Send/Data indications. The
 * long-term credential attributes (USERNAME, REALM, NONCE) travel here; the key that signs them is
 * given to {@link TurnCodec#encode} apart, so a message never holds a secret.
 */
public record TurnMessage(
        TurnMethod method,
        StunClass messageClass,
        TransactionId transactionId,
        Optional<String> username,
        Optional<String> realm,
        Optional<String> nonce,
        OptionalInt lifetime,
        boolean requestedTransportUdp,
        OptionalInt requestedFamily,
        OptionalInt channelNumber,
        List<InetSocketAddress> peerAddresses,
        Optional<InetSocketAddress> relayedAddress,
        Optional<InetSocketAddress> mappedAddress,
        Optional<ByteBuffer> data,
        Optional<StunErrorCode> error) {

    /** REQUESTED-ADDRESS-FAMILY values (RFC 8656 §18.11). */
    public static final int FAMILY_IPV4 = 0x01;

    public static final int FAMILY_IPV6 = 0x02;
    /** RFC 8489 §14.3 and §14.9/§14.10: USERNAME, REALM and NONCE are each fewer than 763 / 128 bytes or characters. */
    public static final int MAX_USERNAME_BYTES = 512;

    public static final int MAX_REALM_CHARS = 127;
    public static final int MAX_NONCE_CHARS = 127;
    /** CreatePermission may name several peers; more than this in one request is not something we send or accept. */
    public static final int MAX_PEER_ADDRESSES = 32;

    public TurnMessage {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(messageClass, "messageClass");
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(requestedFamily, "requestedFamily");
        Objects.requireNonNull(channelNumber, "channelNumber");
        Objects.requireNonNull(relayedAddress, "relayedAddress");
        Objects.requireNonNull(mappedAddress, "mappedAddress");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(error, "error");
        peerAddresses = List.copyOf(peerAddresses);
        data = data.map(ByteBuffer::asReadOnlyBuffer);
        if ((method == TurnMethod.SEND || method == TurnMethod.DATA) != (messageClass == StunClass.INDICATION)) {
            throw new IllegalArgumentException(
                    "Send and Data are indications and the other methods are not: " + method + " " + messageClass);
        }
        if (messageClass == StunClass.ERROR && error.isEmpty()) {
            throw new IllegalArgumentException("an error response needs an error code");
        }
        username.ifPresent(u -> {
            int bytes = u.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > MAX_USERNAME_BYTES) {
                throw new IllegalArgumentException("USERNAME has 1 to " + MAX_USERNAME_BYTES + " bytes, not " + bytes);
            }
        });
        realm.ifPresent(r -> checkText("REALM", r, MAX_REALM_CHARS));
        nonce.ifPresent(n -> checkText("NONCE", n, MAX_NONCE_CHARS));
        lifetime.ifPresent(l -> {
            if (l < 0) {
                throw new IllegalArgumentException("LIFETIME " + l + " is negative");
            }
        });
        requestedFamily.ifPresent(f -> {
            if (f != FAMILY_IPV4 && f != FAMILY_IPV6) {
                throw new IllegalArgumentException("REQUESTED-ADDRESS-FAMILY " + f + " is neither 1 nor 2");
            }
        });
        channelNumber.ifPresent(ChannelData::checkChannel);
        if (peerAddresses.size() > MAX_PEER_ADDRESSES) {
            throw new IllegalArgumentException("at most " + MAX_PEER_ADDRESSES + " XOR-PEER-ADDRESS attributes");
        }
        for (InetSocketAddress a : peerAddresses) {
            checkAddress("XOR-PEER-ADDRESS", a);
        }
        relayedAddress.ifPresent(a -> checkAddress("XOR-RELAYED-ADDRESS", a));
        mappedAddress.ifPresent(a -> checkAddress("XOR-MAPPED-ADDRESS", a));
        data.ifPresent(d -> {
            if (d.remaining() > 0xFFFF - 1024) {
                throw new IllegalArgumentException("DATA of " + d.remaining() + " bytes does not fit a STUN message");
            }
        });
    }

    private static void checkText(String name, String text, int max) {
        if (text.isEmpty() || text.codePointCount(0, text.length()) > max) {
            throw new IllegalArgumentException(name + " has 1 to " + max + " characters");
        }
    }

    private static void checkAddress(String name, InetSocketAddress address) {
        if (address.isUnresolved() || address.getPort() == 0) {
            throw new IllegalArgumentException(name + " must be a resolved address with a port");
        }
    }

    /** A request of {@code method} with a fresh transaction id. */
    public static Builder request(TurnMethod method) {
        return new Builder(method, StunClass.REQUEST, TransactionId.random());
    }

    /** A message of any class, e.g. an indication or a server's answer in a test. */
    public static Builder of(TurnMethod method, StunClass messageClass, TransactionId id) {
        return new Builder(method, messageClass, id);
    }

    /** This message with the long-term credential attributes set (or replaced). */
    public TurnMessage withCredentials(String username, String realm, String nonce) {
        return new TurnMessage(
                method,
                messageClass,
                TransactionId.random(),
                Optional.of(username),
                Optional.of(realm),
                Optional.of(nonce),
                lifetime,
                requestedTransportUdp,
                requestedFamily,
                channelNumber,
                peerAddresses,
                relayedAddress,
                mappedAddress,
                data,
                error);
    }

    /** Builds a {@link TurnMessage}; everything unset is absent. */
    public static final class Builder {
        private final TurnMethod method;
        private final StunClass messageClass;
        private final TransactionId id;
        private String username;
        private String realm;
        private String nonce;
        private Integer lifetime;
        private boolean udp;
        private Integer family;
        private Integer channel;
        private final List<InetSocketAddress> peers = new ArrayList<>();
        private InetSocketAddress relayed;
        private InetSocketAddress mapped;
        private ByteBuffer data;
        private StunErrorCode error;

        private Builder(TurnMethod method, StunClass messageClass, TransactionId id) {
            this.method = method;
            this.messageClass = messageClass;
            this.id = id;
        }

        public Builder credentials(String username, String realm, String nonce) {
            this.username = username;
            this.realm = realm;
            this.nonce = nonce;
            return this;
        }

        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        public Builder nonce(String nonce) {
            this.nonce = nonce;
            return this;
        }

        public Builder lifetime(int seconds) {
            this.lifetime = seconds;
            return this;
        }

        /** REQUESTED-TRANSPORT UDP (17), the one transport RFC 8656 relays. */
        public Builder udp() {
            this.udp = true;
            return this;
        }

        public Builder family(int family) {
            this.family = family;
            return this;
        }

        public Builder channel(int channel) {
            this.channel = channel;
            return this;
        }

        public Builder peer(InetSocketAddress peer) {
            peers.add(peer);
            return this;
        }

        public Builder relayed(InetSocketAddress relayed) {
            this.relayed = relayed;
            return this;
        }

        public Builder mapped(InetSocketAddress mapped) {
            this.mapped = mapped;
            return this;
        }

        public Builder data(ByteBuffer data) {
            this.data = data;
            return this;
        }

        public Builder error(StunErrorCode error) {
            this.error = error;
            return this;
        }

        public TurnMessage build() {
            return new TurnMessage(
                    method,
                    messageClass,
                    id,
                    Optional.ofNullable(username),
                    Optional.ofNullable(realm),
                    Optional.ofNullable(nonce),
                    lifetime == null ? OptionalInt.empty() : OptionalInt.of(lifetime),
                    udp,
                    family == null ? OptionalInt.empty() : OptionalInt.of(family),
                    channel == null ? OptionalInt.empty() : OptionalInt.of(channel),
                    peers,
                    Optional.ofNullable(relayed),
                    Optional.ofNullable(mapped),
                    Optional.ofNullable(data),
                    Optional.ofNullable(error));
        }
    }
}
