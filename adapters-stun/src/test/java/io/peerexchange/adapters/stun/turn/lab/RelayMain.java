package io.peerexchange.adapters.stun.turn.lab;

import io.peerexchange.adapters.stun.turn.TurnCredentials;
import io.peerexchange.adapters.stun.turn.TurnRelay;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.RelayedPath;
import io.peerexchange.ports.StunServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The relay of one peer, run in that peer's namespace by {@link RelayLabTest}: allocates on the
 * server, relays the far peer, and writes {@code PATH <proxy> <relayed> <ms>} to the result file,
 * then {@code RELAYED <address>} whenever the relayed address changes (a server restart). It stops,
 * giving the allocation back, when its standard input closes.
 *
 * <p>Arguments: result file, {@code host:port} of the TURN server, user, password, WireGuard port,
 * the far peer's address as the relay reaches it.
 */
public final class RelayMain {
    private RelayMain() {}

    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]);
        StunServer server = StunServer.parse(args[1]);
        long started = System.nanoTime();
        try (TurnRelay relay = new TurnRelay(
                List.of(server),
                TurnCredentials.longTerm(args[2], args[3]),
                InetAddress.getByName("127.0.0.1"),
                Integer.parseInt(args[4]))) {
            Optional<RelayedPath> path = relay.relay(Endpoint.parse(args[5]));
            if (path.isEmpty()) {
                write(result, "FAILED\n");
                return;
            }
            long took = (System.nanoTime() - started) / 1_000_000;
            write(result, "PATH " + path.get().proxy() + " " + path.get().relayed() + " " + took + "\n");
            Thread watcher = new Thread(() -> watch(relay, path.get().relayed(), result), "relay-main-watch");
            watcher.setDaemon(true);
            watcher.start();
            while (System.in.read() >= 0) {
                // until the test closes our stdin
            }
        }
    }

    private static void watch(TurnRelay relay, Endpoint first, Path result) {
        Endpoint last = first;
        try {
            while (true) {
                Thread.sleep(50);
                Optional<Endpoint> now = relay.relayedAddress();
                if (now.isPresent() && !now.get().equals(last)) {
                    last = now.get();
                    write(result, "RELAYED " + last + "\n");
                }
            }
        } catch (InterruptedException | java.io.IOException e) {
            // the process ends
        }
    }

    private static synchronized void write(Path file, String line) throws java.io.IOException {
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
