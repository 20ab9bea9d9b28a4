package io.peerexchange.adapters.wireguard.uapi.codec;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.Errno;
import io.peerexchange.adapters.wireguard.device.PeerState;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.WireGuardKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes UAPI requests and decodes answers. Pure: no sockets. Error messages name the line and the
 * key, never a value: a {@code private_key} or {@code preshared_key} line holds a secret.
 */
public final class UapiCodec {
    /** Exactly this: wireguard-go refuses anything after the empty line of a get. */
    public static final String GET_REQUEST = "get=1\n\n";

    private UapiCodec() {}

    /**
     * An endpoint-only, update-only set of every given peer in one transaction: {@code public_key},
     * {@code update_only=true} straight after it, {@code endpoint}, nothing else.
     */
    public static String setEndpointsRequest(List<EndpointUpdate> writes) {
        StringBuilder out = new StringBuilder(8 + writes.size() * 128).append("set=1\n");
        for (EndpointUpdate write : writes) {
            out.append("public_key=")
                    .append(write.publicKey().toHex())
                    .append('\n')
                    .append("update_only=true\n")
                    .append("endpoint=")
                    .append(write.endpoint())
                    .append('\n');
        }
        return out.append('\n').toString();
    }

    /**
     * Decodes the answer to {@code get=1}, up to and including its {@code errno=} line.
     *
     * @throws PeerUpdateException when the answer is malformed, reports an error, or comes from
     *     boringtun (which cannot update a peer without rebuilding it)
     */
    public static DeviceState parseGet(List<String> lines) throws PeerUpdateException {
        List<PeerState> peers = new ArrayList<>();
        PeerBuilder current = null;
        boolean boringtunDeviceKey = false;
        boolean errnoSeen = false;
        boolean peerWithoutVersion = false;
        int fwmark = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            if (errnoSeen) {
                throw malformed(lineNo, "text after errno");
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw malformed(lineNo, "not a key=value line");
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            switch (key) {
                case "errno": {
                    long errno = parseErrnoValue(value, lineNo);
                    if (errno != 0) {
                        throw new PeerUpdateException(
                                "WireGuard (UAPI) refused to list the device: " + Errno.describe(errno));
                    }
                    errnoSeen = true;
                    break;
                }
                case "public_key":
                    if (current != null) {
                        peerWithoutVersion |= !current.versionSeen;
                        peers.add(current.build());
                    }
                    current = new PeerBuilder(parseKey(value, lineNo));
                    break;
                case "own_public_key":
                    // boringtun's device lines announce its own public key; wireguard-go never does.
                    boringtunDeviceKey = true;
                    break;
                case "private_key":
                case "listen_port":
                    if (current != null) {
                        throw malformed(lineNo, "device key " + key + " inside a peer section");
                    }
                    break;
                case "fwmark":
                    if (current != null) {
                        throw malformed(lineNo, "device key " + key + " inside a peer section");
                    }
                    fwmark = parseFwmark(value, lineNo);
                    break;
                default:
                    if (current == null) {
                        // Device keys this adapter does not need; newer versions may add more.
                        break;
                    }
                    current.accept(key, value, lineNo);
                    break;
            }
        }
        if (!errnoSeen) {
            throw malformed(lines.size(), "the answer ended without an errno line");
        }
        if (current != null) {
            peerWithoutVersion |= !current.versionSeen;
            peers.add(current.build());
        }
        if (boringtunDeviceKey || peerWithoutVersion) {
            throw boringtun(
                    boringtunDeviceKey
                            ? "its device lines carry own_public_key"
                            : "its peers carry no protocol_version");
        }
        try {
            return new DeviceState(peers, fwmark);
        } catch (IllegalArgumentException e) {
            throw new PeerUpdateException("malformed UAPI answer: " + e.getMessage());
        }
    }

    /**
     * Decodes the {@code errno=N} answer to a set (either sign: wireguard-go answers negative numbers,
     * boringtun positive ones).
     */
    public static long parseSetAnswer(List<String> lines) throws PeerUpdateException {
        if (lines.size() != 1 || !lines.get(0).startsWith("errno=")) {
            throw malformed(lines.isEmpty() ? 0 : 1, "expected a single errno line in answer to a set");
        }
        return parseErrnoValue(lines.get(0).substring("errno=".length()), 1);
    }

    private static long parseErrnoValue(String value, int lineNo) throws PeerUpdateException {
        try {
            if (value.isEmpty() || value.length() > 12) {
                throw new NumberFormatException();
            }
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw malformed(lineNo, "errno is not a number");
        }
    }

    /** A u32 in decimal, as wireguard-go writes it. */
    private static int parseFwmark(String value, int lineNo) throws PeerUpdateException {
        try {
            if (value.isEmpty() || value.length() > 10) {
                throw new NumberFormatException();
            }
            long mark = Long.parseLong(value);
            if (mark < 0 || mark > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return (int) mark;
        } catch (NumberFormatException e) {
            throw malformed(lineNo, "fwmark is not a u32");
        }
    }

    private static WireGuardKey parseKey(String value, int lineNo) throws PeerUpdateException {
        try {
            return WireGuardKey.fromHex(value);
        } catch (IllegalArgumentException e) {
            throw malformed(lineNo, "public_key is not 64 hex characters");
        }
    }

    private static long parseCount(String key, String value, int lineNo) throws PeerUpdateException {
        if (value.isEmpty() || value.length() > 20) {
            throw malformed(lineNo, key + " is not a number");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw malformed(lineNo, key + " is not a number");
            }
        }
        try {
            // A u64 counter beyond Long.MAX_VALUE cannot happen in practice; saturate rather than fail.
            long parsed = Long.parseUnsignedLong(value);
            return parsed < 0 ? Long.MAX_VALUE : parsed;
        } catch (NumberFormatException e) {
            throw malformed(lineNo, key + " is not a number");
        }
    }

    private static PeerUpdateException malformed(int lineNo, String what) {
        return new PeerUpdateException("malformed UAPI answer at line " + lineNo + ": " + what);
    }

    private static PeerUpdateException boringtun(String evidence) {
        return new PeerUpdateException("the userspace WireGuard behind this socket is boringtun (" + evidence
                + "): boringtun knows no update_only and rebuilds a peer on every set, so changing an endpoint"
                + " would also drop the peer's allowed IPs, preshared key and keepalive; refusing to write."
                + " Run wireguard-go or the kernel module for this interface instead");
    }

    /** Collects one peer section; keeps nothing secret. */
    private static final class PeerBuilder {
        private final WireGuardKey key;
        private final List<String> allowedIps = new ArrayList<>();
        private String endpoint;
        private long rxBytes;
        private long lastHandshake;
        private boolean versionSeen;

        PeerBuilder(WireGuardKey key) {
            this.key = key;
        }

        void accept(String key, String value, int lineNo) throws PeerUpdateException {
            switch (key) {
                case "endpoint":
                    if (value.isEmpty()) {
                        throw malformed(lineNo, "empty endpoint");
                    }
                    endpoint = PeerState.canonicalEndpoint(value);
                    break;
                case "rx_bytes":
                    rxBytes = parseCount(key, value, lineNo);
                    break;
                case "last_handshake_time_sec":
                    lastHandshake = parseCount(key, value, lineNo);
                    break;
                case "allowed_ip":
                    allowedIps.add(value);
                    break;
                case "protocol_version":
                    if (!value.equals("1")) {
                        throw malformed(lineNo, "unsupported protocol_version");
                    }
                    versionSeen = true;
                    break;
                default:
                    // preshared_key (a secret: not kept), tx_bytes, keepalive, nsec and future keys.
                    break;
            }
        }

        PeerState build() {
            return new PeerState(key, endpoint, rxBytes, lastHandshake, allowedIps);
        }
    }
}
