package io.peerexchange.benchmarks.relay;

import io.peerexchange.adapters.stun.turn.TurnCredentials;
import io.peerexchange.adapters.stun.turn.TurnRelay;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.RelayedPath;
import io.peerexchange.ports.StunServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The relay of peer 1, run by {@link RelayHarness} in that peer's namespace: writes
 * {@code PATH <proxy> <relayed> <allocation ms>} (or {@code FAILED}) to the result file and relays
 * until its standard input closes. Arguments: result file, TURN {@code host:port}, user, password,
 * WireGuard port, the far peer's address.
 */
public final class RelayProcess {
    private RelayProcess() {}

    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]);
        long started = System.nanoTime();
        try (TurnRelay relay = new TurnRelay(
                List.of(StunServer.parse(args[1])),
                TurnCredentials.longTerm(args[2], args[3]),
                InetAddress.getByName("127.0.0.1"),
                Integer.parseInt(args[4]))) {
            Optional<RelayedPath> path = relay.relay(Endpoint.parse(args[5]));
            long took = (System.nanoTime() - started) / 1_000_000;
            Files.writeString(
                    result,
                    path.map(p -> "PATH " + p.proxy() + " " + p.relayed() + " " + took + "\n")
                            .orElse("FAILED\n"),
                    StandardCharsets.UTF_8);
            while (path.isPresent() && System.in.read() >= 0) {
                // until the harness closes our stdin
            }
        }
    }
}
