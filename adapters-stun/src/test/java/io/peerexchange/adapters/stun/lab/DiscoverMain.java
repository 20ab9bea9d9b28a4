package io.peerexchange.adapters.stun.lab;

import io.peerexchange.adapters.stun.AutoStunClient;
import io.peerexchange.adapters.stun.StunSettings;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One discovery through {@link AutoStunClient}, run by the lab test in a child JVM inside a
 * network namespace. Arguments: result file, server, local port, timeout ms, allow fallback.
 * Writes {@code OK <endpoint> <method> <local port>} or {@code ERR <message>} to the result file
 * (a file rather than stdout, which the JVM and logging share).
 */
public final class DiscoverMain {
    private DiscoverMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path result = Path.of(args[0]);
        StunServer server = StunServer.parse(args[1]);
        int localPort = Integer.parseInt(args[2]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[3]));
        boolean fallback = Boolean.parseBoolean(args[4]);
        AutoStunClient client = new AutoStunClient(new StunSettings(fallback, Optional.of("peerexchange-lab")));
        String line;
        try {
            MappedAddress mapped = client.bind(server, localPort, timeout);
            line = "OK " + mapped.endpoint() + " " + mapped.method().name() + " " + mapped.localPort();
        } catch (StunException e) {
            line = "ERR " + e.getMessage();
        }
        Files.writeString(result, line, StandardCharsets.UTF_8);
    }
}
