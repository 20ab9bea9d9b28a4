package io.peerexchange.testing.net;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * UDP ports reserved for one suite (e.g. 34800-34819), so that suites running side by side never
 * pick each other's. {@link #next()} walks the range from a random start and skips ports in use.
 */
public record PortRange(int first, int last) {
    private static final AtomicInteger TURN =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("not a port range: " + first + "-" + last);
        }
    }

    public int size() {
        return last - first + 1;
    }

    /** A port of the range that is free on 127.0.0.1 now, or -1 when every port of it is taken. */
    public int next() {
        for (int i = 0; i < size(); i++) {
            int port = first + Math.floorMod(TURN.getAndIncrement(), size());
            if (FreePorts.udpFreeOnLoopback(port)) {
                return port;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
