package io.peerexchange.benchmarks.wireguard;

import io.peerexchange.ports.WireGuardKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * The peers a WireGuard benchmark installs: the same seeded keys every run, random-looking like real
 * Curve25519 keys (keys that differ only in their last bytes would collide in {@code Arrays.hashCode}
 * and measure hash-map collisions), each with one allowed IP of 10.100.0.0/14 and a given endpoint.
 */
final class SeededPeers {
    private final List<WireGuardKey> keys;
    private final IntFunction<String> endpoint;

    SeededPeers(int peers, IntFunction<String> endpoint) {
        SplittableRandom random = new SplittableRandom(0x5eed);
        List<WireGuardKey> generated = new ArrayList<>(peers);
        for (int i = 0; i < peers; i++) {
            byte[] k = new byte[32];
            random.nextBytes(k);
            generated.add(WireGuardKey.of(k));
        }
        this.keys = List.copyOf(generated);
        this.endpoint = endpoint;
    }

    List<WireGuardKey> keys() {
        return keys;
    }

    /** The {@code wg setconf} text: {@code header} (an {@code [Interface]} section or nothing), then every peer. */
    String conf(String header) {
        StringBuilder conf = new StringBuilder(header);
        for (int i = 0; i < keys.size(); i++) {
            conf.append("[Peer]\nPublicKey = ")
                    .append(keys.get(i).toBase64())
                    .append("\nAllowedIPs = 10.")
                    .append(100 + i / 65536)
                    .append('.')
                    .append((i / 256) % 256)
                    .append('.')
                    .append(i % 256)
                    .append("/32\nEndpoint = ")
                    .append(endpoint.apply(i))
                    .append("\n\n");
        }
        return conf.toString();
    }
}
