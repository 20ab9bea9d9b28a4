package io.peerexchange.benchmarks.portmap;

import io.peerexchange.adapters.portmap.GatewayPortMapper;
import io.peerexchange.ports.PortMapper;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingMode;
import java.time.Duration;

/**
 * Runs inside the client namespace: maps UDP {@code PORT} with {@code MODE}'s protocol {@code N}
 * times, each with a fresh {@link GatewayPortMapper} (no cached UPnP description), releases each
 * mapping, and prints one line per attempt: the milliseconds from the call to the mapping.
 * Arguments: {@code MODE PORT N}. The first attempt warms the JVM and is not printed.
 */
public final class PortMapProbe {
    private PortMapProbe() {}

    public static void main(String[] args) throws Exception {
        PortMappingMode mode = PortMappingMode.fromWire(args[0]);
        int port = Integer.parseInt(args[1]);
        int attempts = Integer.parseInt(args[2]);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= attempts; i++) {
            PortMapper mapper = new GatewayPortMapper(mode);
            long start = System.nanoTime();
            PortMapping mapping = mapper.map(port, Duration.ofHours(2));
            long nanos = System.nanoTime() - start;
            mapper.release(mapping);
            if (i > 0) {
                out.append(String.format("%.3f%n", nanos / 1e6));
            }
        }
        System.out.print(out);
        System.out.flush();
    }
}
