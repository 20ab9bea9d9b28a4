package io.peerexchange.devtools.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void givenAllFlags_parse_readsThem() {
        Options options = Options.parse(new String[] {
            "--listen",
            "203.0.113.1:8080",
            "--nodes",
            "n.json",
            "--signing-key-file",
            "k",
            "--generate-signing-key",
            "--write-public-key",
            "k.pub",
            "--keep-alive",
            "5",
            "--event-buffer",
            "16",
            "--signing-key-transition",
            "1m30s",
            "--peer-id-field",
            "peer_id",
            "--keyless-endpoint-events"
        });

        assertThat(options)
                .isEqualTo(new Options(
                        new InetSocketAddress("203.0.113.1", 8080),
                        Path.of("n.json"),
                        Optional.of(Path.of("k")),
                        true,
                        Optional.of(Path.of("k.pub")),
                        Duration.ofSeconds(5),
                        16,
                        Duration.ofSeconds(90),
                        "peer_id",
                        true));
    }

    @Test
    void givenOnlyNodes_parse_usesLoopbackAndDefaults() {
        Options options = Options.parse(new String[] {"--nodes", "n.json"});

        assertThat(options.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
        assertThat(options.signingKeyFile()).isEmpty();
        assertThat(options.keepAlive()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.eventBuffer()).isEqualTo(256);
        assertThat(options.signingKeyTransition()).isEqualTo(ReferenceControlPlane.DEFAULT_TRANSITION);
        assertThat(options.peerIdField()).isEqualTo("id");
        assertThat(options.keylessEndpointEvents()).isFalse();
    }

    @Test
    void givenBadArguments_parse_failsWithAClearMessage() {
        List<List<String>> bad = List.of(
                List.of(),
                List.of("--nodes"),
                List.of("--nodes", "n", "--what", "x"),
                List.of("--nodes", "n", "--listen", "8080"),
                List.of("--nodes", "n", "--listen", "h:99999"),
                List.of("--nodes", "n", "--keep-alive", "0"),
                List.of("--nodes", "n", "--keep-alive", "-1"),
                List.of("--nodes", "n", "--event-buffer", "0"),
                List.of("--nodes", "n", "--generate-signing-key"),
                List.of("--nodes", "n", "--write-public-key", "p"),
                List.of("--nodes", "n", "--signing-key-transition", "30"),
                List.of("--nodes", "n", "--signing-key-transition", "0"),
                List.of("--nodes", "n", "--peer-id-field", "name"));

        for (List<String> args : bad) {
            assertThatThrownBy(() -> Options.parse(args.toArray(String[]::new)))
                    .as(args.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .message()
                    .isNotBlank();
        }
    }
}
