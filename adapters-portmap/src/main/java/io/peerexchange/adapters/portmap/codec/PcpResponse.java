package io.peerexchange.adapters.portmap.codec;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * A decoded PCP MAP response. {@code externalAddress} is null only in a failure answer too short
 * to carry the MAP body.
 */
public record PcpResponse(
        int resultCode,
        long lifetimeSeconds,
        long epochSeconds,
        byte[] nonce,
        int internalPort,
        int externalPort,
        InetAddress externalAddress) {
    public PcpResponse {
        nonce = nonce.clone();
    }

    public boolean success() {
        return resultCode == 0;
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    public boolean nonceMatches(byte[] expected) {
        return Arrays.equals(nonce, expected);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PcpResponse o
                && resultCode == o.resultCode
                && lifetimeSeconds == o.lifetimeSeconds
                && epochSeconds == o.epochSeconds
                && Arrays.equals(nonce, o.nonce)
                && internalPort == o.internalPort
                && externalPort == o.externalPort
                && java.util.Objects.equals(externalAddress, o.externalAddress);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(resultCode, lifetimeSeconds, epochSeconds, Arrays.hashCode(nonce), externalPort);
    }

    /** RFC 6887 §7.4's names for the result codes. */
    public static String resultName(int code) {
        return switch (code) {
            case 0 -> "SUCCESS";
            case 1 -> "UNSUPP_VERSION";
            case 2 -> "NOT_AUTHORIZED";
            case 3 -> "MALFORMED_REQUEST";
            case 4 -> "UNSUPP_OPCODE";
            case 5 -> "UNSUPP_OPTION";
            case 6 -> "MALFORMED_OPTION";
            case 7 -> "NETWORK_FAILURE";
            case 8 -> "NO_RESOURCES";
            case 9 -> "UNSUPP_PROTOCOL";
            case 10 -> "USER_EX_QUOTA";
            case 11 -> "CANNOT_PROVIDE_EXTERNAL";
            case 12 -> "ADDRESS_MISMATCH";
            case 13 -> "EXCESSIVE_REMOTE_PEERS";
            default -> "result " + code;
        };
    }
}
