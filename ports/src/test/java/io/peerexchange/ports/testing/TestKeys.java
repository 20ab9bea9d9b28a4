package io.peerexchange.ports.testing;

import io.peerexchange.ports.WireGuardKey;

/** Deterministic, distinct public keys for tests. */
public final class TestKeys {
    private TestKeys() {}

    public static WireGuardKey key(int n) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) 0x5a;
        bytes[28] = (byte) (n >>> 24);
        bytes[29] = (byte) (n >>> 16);
        bytes[30] = (byte) (n >>> 8);
        bytes[31] = (byte) n;
        return WireGuardKey.of(bytes);
    }
}
