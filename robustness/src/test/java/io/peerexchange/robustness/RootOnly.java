package io.peerexchange.robustness;

import org.junit.jupiter.api.Assumptions;

/** The suites create wireguard-go interfaces and read raw sockets: root only, never skipped in CI. */
final class RootOnly {
    private RootOnly() {}

    static void require() {
        boolean root = "root".equals(System.getProperty("user.name"));
        String reason = "needs root (wireguard-go creates a TUN interface, STUN shares the WireGuard port through"
                + " a raw socket); run the suite as root";
        if (!root && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but not root: " + reason);
        }
        Assumptions.assumeTrue(root, reason);
        for (String tool : new String[] {"wireguard-go", "wg", "turnserver", "ip"}) {
            boolean present = Commands.onPath(tool);
            if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(
                        tool + " is required in CI: apt-get install wireguard-go wireguard-tools coturn iproute2");
            }
            Assumptions.assumeTrue(present, tool + " is not installed");
        }
    }
}
