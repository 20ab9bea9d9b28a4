package io.peerexchange.bootstrap.testing;

import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.net.PortRange;
import java.io.IOException;

/** The coturn of bootstrap's process tests: on 127.0.0.1, on a port of this suite's own range. */
public final class SuiteCoturn {
    /** Reserved for bootstrap's tests, so that other suites running at the same time never take them. */
    public static final PortRange PORTS = new PortRange(34800, 34819);

    private SuiteCoturn() {}

    public static Coturn start() throws IOException, InterruptedException {
        return Coturn.listeningOn("127.0.0.1")
                .ports(PORTS)
                .flags("--no-rfc5780", "--no-stdout-log")
                .start();
    }
}
