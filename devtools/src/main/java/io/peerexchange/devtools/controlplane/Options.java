package io.peerexchange.devtools.controlplane;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Command line of {@link ReferenceControlPlane#main}:
 * {@code --listen HOST:PORT --nodes FILE [--signing-key-file FILE [--generate-signing-key]]
 * [--write-public-key FILE] [--keep-alive SECONDS] [--event-buffer N] [--signing-key-transition DURATION]
 * [--peer-id-field id|peer_id] [--keyless-endpoint-events]}.
 *
 * @param generateSigningKey    create the signing key file with a fresh key when it does not exist
 * @param publicKeyOut          where to write the signing public key (base64), for the agents' configuration
 * @param signingKeyTransition  how long the previous key stays valid after a rotation naming no transition (a Go duration)
 * @param peerIdField           the member naming the peer in event payloads
 * @param keylessEndpointEvents {@code peer_endpoint_changed} carries only {@code {id, endpoint}}
 */
record Options(
        InetSocketAddress listen,
        Path nodes,
        Optional<Path> signingKeyFile,
        boolean generateSigningKey,
        Optional<Path> publicKeyOut,
        Duration keepAlive,
        int eventBuffer,
        Duration signingKeyTransition,
        String peerIdField,
        boolean keylessEndpointEvents) {
    static final String USAGE = "usage: ReferenceControlPlane --listen HOST:PORT --nodes FILE"
            + " [--signing-key-file FILE [--generate-signing-key]] [--write-public-key FILE]"
            + " [--keep-alive SECONDS] [--event-buffer N] [--signing-key-transition DURATION]"
            + " [--peer-id-field id|peer_id] [--keyless-endpoint-events]";

    Options {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(signingKeyFile, "signingKeyFile");
        Objects.requireNonNull(publicKeyOut, "publicKeyOut");
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (generateSigningKey && signingKeyFile.isEmpty()) {
            throw new IllegalArgumentException("--generate-signing-key needs --signing-key-file");
        }
        if (publicKeyOut.isPresent() && signingKeyFile.isEmpty()) {
            throw new IllegalArgumentException("--write-public-key needs --signing-key-file");
        }
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("--keep-alive must be positive");
        }
        if (eventBuffer < 1) {
            throw new IllegalArgumentException("--event-buffer must be at least 1");
        }
        Objects.requireNonNull(signingKeyTransition, "signingKeyTransition");
        if (signingKeyTransition.isNegative() || signingKeyTransition.isZero()) {
            throw new IllegalArgumentException("--signing-key-transition must be positive");
        }
        Objects.requireNonNull(peerIdField, "peerIdField");
        if (!EventFormat.ID_FIELDS.contains(peerIdField)) {
            throw new IllegalArgumentException("--peer-id-field must be id or peer_id");
        }
    }

    /** @throws IllegalArgumentException with a message for the user when the arguments are wrong */
    static Options parse(String[] args) {
        InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 8080);
        Path nodes = null;
        Path keyFile = null;
        boolean generate = false;
        Path publicOut = null;
        Duration keepAlive = Duration.ofSeconds(15);
        int buffer = 256;
        Duration transition = ReferenceControlPlane.DEFAULT_TRANSITION;
        String peerIdField = "id";
        boolean keyless = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--generate-signing-key")) {
                generate = true;
                continue;
            }
            if (flag.equals("--keyless-endpoint-events")) {
                keyless = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--listen" -> listen = hostPort(value);
                case "--nodes" -> nodes = Path.of(value);
                case "--signing-key-file" -> keyFile = Path.of(value);
                case "--write-public-key" -> publicOut = Path.of(value);
                case "--keep-alive" -> keepAlive = Duration.ofSeconds(number(flag, value));
                case "--event-buffer" -> buffer = number(flag, value);
                case "--signing-key-transition" -> transition = GoDuration.parse(value);
                case "--peer-id-field" -> peerIdField = value;
                default -> throw new IllegalArgumentException("unknown option " + flag + "; " + USAGE);
            }
        }
        if (nodes == null) {
            throw new IllegalArgumentException("--nodes is required; " + USAGE);
        }
        return new Options(
                listen,
                nodes,
                Optional.ofNullable(keyFile),
                generate,
                Optional.ofNullable(publicOut),
                keepAlive,
                buffer,
                transition,
                peerIdField,
                keyless);
    }

    private static InetSocketAddress hostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--listen must be HOST:PORT, got " + value);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = number("--listen port", value.substring(colon + 1));
        if (port > 65535) {
            throw new IllegalArgumentException("--listen port must be at most 65535");
        }
        return new InetSocketAddress(host, port);
    }

    private static int number(String flag, String value) {
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException(flag + " must be a non-negative number, got " + value);
        }
        return Integer.parseInt(value);
    }
}
