package io.peerexchange.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerexchange.devtools.controlplane.EventSigner;
import io.peerexchange.testing.agent.AgentProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole agent session at trace level, through every path that touches a secret, good and bad:
 * the token from its file, preshared keys in the state answer and in event payloads, malformed
 * preshared keys, signed and forged events, a UAPI read that returns the interface's private key,
 * faults, and finally a 401 that stops the agent. Every line of stdout and stderr (log lines and
 * exception messages alike) is then scanned for every secret, whole and by prefix.
 */
class SecretsNeverLeakTest {
    @TempDir
    Path dir;

    @Test
    void givenAFullSessionAtTraceLevel_noLogLineOrMessage_containsTheTokenPrivateKeysOrPresharedKeys()
            throws Exception {
        EventSigner signer = EventSigner.generate();
        try (Rig rig = Rig.create(dir, "pxr21", 1, true)) {
            String almostPsk = rig.psk3.substring(0, 43);
            rig.controlPlane.state("{\"peers\":["
                    + Rig.peerJson("p-2", rig.peer2, "10.77.0.2", "198.51.100.2:40002", rig.psk2)
                    + "," + Rig.peerJson("p-3", rig.peer3, "10.77.0.3", "198.51.100.3:40003", rig.psk3)
                    + "," + Rig.peerJson("p-4", "not-a-key", "10.77.0.4", "198.51.100.4:40004", rig.psk2)
                    + "," + Rig.peerJson("p-5", Keys.publicKey(), "10.77.0.5", "198.51.100.5:40005", almostPsk) + "]}");
            AgentProcess agent = rig.startAgent("--log-level", "trace", "--signing-key", signer.publicKeyBase64());
            rig.awaitConverged();
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.controlPlane.openStreams() > 0);

            // A control plane stores a change before it publishes it: its state and report answers say
            // what the events say (the agent re-reports on every network change, and other suites add links).
            rig.desire("198.51.100.2:40502", "198.51.100.3:40503");
            rig.controlPlane.push(Events.signed(
                    signer,
                    "s-1",
                    Instant.now(),
                    "n-1",
                    Rig.peerJson("p-2", rig.peer2, "10.77.0.2", "198.51.100.2:40502", rig.psk2)));
            rig.controlPlane.push(Events.signed(
                    signer,
                    "s-2",
                    Instant.now(),
                    "n-2",
                    Rig.peerJson("p-3", "bad key " + rig.psk3, "10.77.0.3", "198.51.100.3:40503", rig.psk3)));
            rig.controlPlane.push(Events.signed(
                    signer,
                    "s-3",
                    Instant.now(),
                    "n-3",
                    Rig.peerJson("p-3", rig.peer3, "10.77.0.3", "198.51.100.3:40503", almostPsk)));
            rig.controlPlane.push(
                    Events.unsigned("s-4", Rig.peerJson("p-3", rig.peer3, "10.77.0.3", "1.2.3.4:5", rig.psk3)));
            rig.controlPlane.push(Events.block(
                    "s-5",
                    "{\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"s-5\"," + "\"payload\":{\"psk\":\""
                            + rig.psk3 + "\"," + rig.token + "}}"));
            rig.awaitEndpoint(rig.peer2, "198.51.100.2:40502", Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !agent.logLines("skipping malformed event", "sse_id=s-5")
                            .isEmpty());

            rig.controlPlane.fail(503, "1");
            Rig.sleep(Duration.ofSeconds(3));
            rig.controlPlane.heal();
            rig.desire("198.51.100.2:40602", "198.51.100.3:40603");
            rig.awaitEndpoint(rig.peer2, "198.51.100.2:40602", Rig.ONE_REFRESH);

            rig.controlPlane.expectToken("another-token");
            rig.controlPlane.dropStreams();
            await().atMost(Duration.ofSeconds(60)).until(() -> !agent.isAlive());

            String output = agent.stdout() + agent.stderr();
            assertThat(agent.logLines("level=error", "401")).isNotEmpty();
            assertThat(output.lines().count()).isGreaterThan(20);
            for (String secret : secrets(rig, almostPsk)) {
                assertThat(output)
                        .as("output must not contain a secret or its first 16 characters")
                        .doesNotContain(secret)
                        .doesNotContain(secret.substring(0, 16));
            }
            Measurements.record("secret scan: " + output.lines().count() + " lines of agent output, "
                    + secrets(rig, almostPsk).size() + " secret forms, none found");
        }
    }

    private static List<String> secrets(Rig rig, String almostPsk) throws Exception {
        List<String> secrets =
                new ArrayList<>(List.of(rig.token, rig.token.substring("pxr-token-".length()), almostPsk));
        for (String key : List.of(rig.psk2, rig.psk3, rig.wireGuard.privateKey())) {
            secrets.add(key);
            secrets.add(HexFormat.of().formatHex(Base64.getDecoder().decode(key)));
        }
        return secrets;
    }
}
