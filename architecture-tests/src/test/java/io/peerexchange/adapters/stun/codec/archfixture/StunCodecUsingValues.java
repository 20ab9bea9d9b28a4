package io.peerexchange.adapters.stun.codec.archfixture;

/** Keeps every codec rule: addresses and times as values are what a codec is for. */
public class StunCodecUsingValues {
    java.net.InetSocketAddress mapped;
    java.time.Instant receivedAt;

    Object address(byte[] raw) throws java.net.UnknownHostException {
        return java.net.InetAddress.getByAddress(raw);
    }

    Object later(java.time.Duration by) {
        return receivedAt.plus(by);
    }
}
