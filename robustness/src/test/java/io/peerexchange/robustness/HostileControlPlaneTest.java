package io.peerexchange.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerexchange.devtools.controlplane.EventSigner;
import io.peerexchange.testing.agent.AgentProcess;
import io.peerexchange.testing.fake.ScriptedControlPlane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control plane that sends what no honest one would. Every hostile input must be rejected with a
 * clear log line, leave WireGuard exactly as it was ({@code wg show <if> dump} compared before and
 * after) and keep the agent running within its memory bounds. Each test ends with an honest change
 * that does get applied, so "unchanged" cannot come from an agent that stopped listening.
 */
class HostileControlPlaneTest {
    @TempDir
    Path dir;

    @Test
    void givenReportAnswersWithHostNamesBadPortsMappedAddressesAndUnknownIds_eachIsRejected_andWireGuardIsUnchanged()
            throws Exception {
        try (Rig rig = Rig.create(dir, "pxr11", 1, true)) {
            AgentProcess agent = rig.startAgent();
            rig.awaitConverged();
            int baseline = agent.threads();
            String before = rig.wireGuard.peerDump();

            rig.controlPlane.endpointAnswer("{\"peer_endpoints\":["
                    + "{\"peer_id\":\"p-2\",\"endpoint\":\"evil.example.com:51820\"},"
                    + "{\"peer_id\":\"p-3\",\"endpoint\":\"198.51.100.3:0\"},"
                    + "{\"peer_id\":\"p-2\",\"endpoint\":\"198.51.100.2:70000\"},"
                    + "{\"peer_id\":\"p-3\",\"endpoint\":\"[::ffff:198.51.100.9]:5\"},"
                    + "{\"peer_id\":\"p-2\",\"endpoint\":\"[::ffff:c633:6409]:5\"},"
                    + "{\"peer_id\":\"p-3\",\"endpoint\":\"[fe80::1%eth0]:5\"},"
                    + "{\"peer_id\":\"p-2\",\"endpoint\":\"0.0.0.0:5\"},"
                    + "{\"peer_id\":\"p-404\",\"endpoint\":\"198.51.100.44:4444\"},"
                    + "{\"peer_id\":\"../../etc\",\"endpoint\":\"198.51.100.45:4445\"}]}");
            int reports = rig.controlPlane.calls(ScriptedControlPlane.Call.ENDPOINT);
            await().atMost(Rig.ONE_REFRESH.multipliedBy(2))
                    .until(() -> rig.controlPlane.calls(ScriptedControlPlane.Call.ENDPOINT) >= reports + 2);

            awaitLogged(() -> {
                assertThat(agent.logLines("level=warn", "dropping invalid peer entry", "host names are not allowed"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "dropping invalid peer entry", "port must be 1-65535"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "dropping invalid peer entry", "IPv4-mapped"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "dropping invalid peer entry", "zone ids are not allowed"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "dropping invalid peer entry", "wildcard"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "dropping invalid peer entry", "invalid node id"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "unknown peer id skipped", "p-404"))
                        .as(agent.stderr())
                        .isNotEmpty();
            });
            assertThat(rig.wireGuard.peerDump()).isEqualTo(before);

            rig.desire("198.51.100.2:40102", "198.51.100.3:40003");
            Duration took = rig.awaitEndpoint(rig.peer2, "198.51.100.2:40102", Rig.ONE_REFRESH);
            Measurements.assertBoundedAndRecord("hostile endpoints in report answers", agent, baseline, took);
        }
    }

    @Test
    void givenOneHundredThousandPeersInOneAnswer_theAnswerIsRefused_andTheAgentStaysWithinItsMemory() throws Exception {
        try (Rig rig = Rig.create(dir, "pxr12", 1, true)) {
            AgentProcess agent = rig.startAgent();
            rig.awaitConverged();
            int baseline = agent.threads();
            String before = rig.wireGuard.peerDump();

            byte[] state = manyPeers(rig, 100_000, true);
            byte[] report = manyPeers(rig, 100_000, false);
            rig.controlPlane.state(() -> state);
            rig.controlPlane.endpointAnswer(() -> report);
            awaitReports(rig, 1);
            awaitLogged(() -> assertThat(
                            agent.logLines("level=warn", "endpoint report failed", "lists more than 20000 peers"))
                    .isNotEmpty());

            // An unknown id in a small answer makes the agent reload its peer list: the 100,000-peer state.
            rig.controlPlane.endpointAnswer(
                    "{\"peer_endpoints\":[{\"peer_id\":\"q-7\",\"endpoint\":\"198.51.100.7:7\"}]}");
            await().atMost(Rig.ONE_REFRESH.multipliedBy(2))
                    .untilAsserted(() -> assertThat(agent.logLines(
                                    "level=warn", "peer directory reload failed", "lists more than 20000 peers"))
                            .isNotEmpty());
            assertThat(agent.isAlive()).isTrue();
            assertThat(rig.wireGuard.peerDump()).isEqualTo(before);
            Measurements.record(String.format(
                    "100,000 peers: state answer %d MB, report answer %d MB, both refused",
                    state.length >> 20, report.length >> 20));

            rig.desire("198.51.100.2:40202", "198.51.100.3:40003");
            Duration took = rig.awaitEndpoint(rig.peer2, "198.51.100.2:40202", Rig.ONE_REFRESH);
            Measurements.assertBoundedAndRecord("100,000 peers in the state and report answers", agent, baseline, took);
        }
    }

    @Test
    void givenTheMostPeersAnAnswerMayList_agentAppliesItWithinItsHeap_andChangesNoPeerItDoesNotHave() throws Exception {
        try (Rig rig = Rig.create(dir, "pxr15", 1, true)) {
            AgentProcess agent = rig.startAgent();
            rig.awaitConverged();
            int baseline = agent.threads();
            String before = rig.wireGuard.peerDump();

            byte[] state = manyPeers(rig, 20_000, true);
            byte[] report = manyPeers(rig, 20_000, false);
            rig.controlPlane.state(() -> state);
            rig.controlPlane.endpointAnswer(() -> report);
            await().atMost(Rig.ONE_REFRESH.multipliedBy(2))
                    .untilAsserted(() -> assertThat(agent.logLines(
                                    "level=warn",
                                    "peer update failed",
                                    "peers=19998",
                                    "no such peer on the WireGuard interface"))
                            .isNotEmpty());
            assertThat(agent.logLines("peer update failed"))
                    .as("one summary line per refresh, not one per peer")
                    .hasSizeLessThan(100);
            assertThat(agent.isAlive()).isTrue();
            assertThat(rig.wireGuard.peerDump()).isEqualTo(before);

            rig.desire("198.51.100.2:40502", "198.51.100.3:40003");
            Duration took = rig.awaitEndpoint(rig.peer2, "198.51.100.2:40502", Rig.ONE_REFRESH);
            Measurements.assertBoundedAndRecord(
                    "20,000 peers (the cap) in the state and report answers", agent, baseline, took);
        }
    }

    @Test
    void givenANumberWithAHugeExponentInEveryAnswerAndEvent_agentKeepsRunning_andWireGuardIsUnchanged()
            throws Exception {
        String number = "555555555e5555555555555555555555555500000000006430967150697920737";
        try (Rig rig = Rig.create(dir, "pxr16", 1, true)) {
            AgentProcess agent = rig.startAgent();
            rig.awaitConverged();
            int baseline = agent.threads();
            String before = rig.wireGuard.peerDump();
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.controlPlane.openStreams() > 0);

            rig.controlPlane.push(Events.block(
                    "e-num",
                    "{\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"e-num\","
                            + "\"payload\":{\"id\":\"p-2\",\"x\":" + number + "}}"));
            rig.controlPlane.endpointAnswer("{\"peer_endpoints\":[{\"peer_id\":\"p-404\",\"x\":" + number + "}]}");
            rig.controlPlane.heartbeatAnswer("{\"reconcile\":" + number + "}");
            awaitReports(rig, 2);

            awaitLogged(() -> {
                assertThat(agent.logLines("level=warn", "skipping malformed event", "JSON number out of range"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "endpoint report failed", "JSON number out of range"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "heartbeat failed", "JSON number out of range"))
                        .isNotEmpty();
            });
            assertThat(agent.isAlive()).as(agent.stderr()).isTrue();
            assertThat(rig.wireGuard.peerDump()).isEqualTo(before);

            rig.controlPlane.heartbeatAnswer("{\"reconcile\":false}");
            rig.desire("198.51.100.2:40602", "198.51.100.3:40003");
            Duration took = rig.awaitEndpoint(rig.peer2, "198.51.100.2:40602", Rig.ONE_REFRESH);
            rig.controlPlane.push(Events.unsigned(
                    "e-after", Rig.peerJson("p-3", rig.peer3, "10.77.0.3", "198.51.100.3:40603", rig.psk3)));
            rig.awaitEndpoint(rig.peer3, "198.51.100.3:40603", Duration.ofSeconds(5));
            Measurements.assertBoundedAndRecord(
                    "numbers with huge exponents in answers and events", agent, baseline, took);
        }
    }

    @Test
    void givenTenMegabyteStringsAndDeeplyNestedJson_eachAnswerIsRejectedWithALimitError_andWireGuardIsUnchanged()
            throws Exception {
        try (Rig rig = Rig.create(dir, "pxr13", 1, true)) {
            AgentProcess agent = rig.startAgent();
            rig.awaitConverged();
            int baseline = agent.threads();
            String before = rig.wireGuard.peerDump();

            String huge = "A".repeat(10 << 20);
            rig.controlPlane.endpointAnswer(
                    "{\"peer_endpoints\":[{\"peer_id\":\"p-2\",\"endpoint\":\"" + huge + "\"}]}");
            awaitReports(rig, 1);
            awaitLogged(() -> assertThat(agent.logLines("level=warn", "endpoint report failed", "JSON exceeds a limit"))
                    .isNotEmpty());

            rig.controlPlane.endpointAnswer("{\"peer_endpoints\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
            int nestedBefore = agent.logLines("JSON exceeds a limit").size();
            awaitReports(rig, 1);
            awaitLogged(() ->
                    assertThat(agent.logLines("JSON exceeds a limit").size()).isGreaterThan(nestedBefore));

            rig.controlPlane.endpointAnswer(
                    "{\"peer_endpoints\":[{\"peer_id\":\"p-2\",\"endpoint\":\"198.51.100.2:40302\"," + "\"x\":"
                            + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}]}");
            int deepBefore = agent.logLines("JSON exceeds a limit").size();
            awaitReports(rig, 1);
            awaitLogged(() ->
                    assertThat(agent.logLines("JSON exceeds a limit").size()).isGreaterThan(deepBefore));
            assertThat(rig.wireGuard.peerDump()).isEqualTo(before);

            String hugeEvent = Events.block(
                    "e-huge",
                    "{\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"e-huge\","
                            + "\"payload\":{\"id\":\"p-2\",\"public_key\":\"" + huge + "\"}}");
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.controlPlane.openStreams() > 0);
            rig.controlPlane.push(hugeEvent);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(agent.logLines("level=warn", "event stream broke a parser limit"))
                            .isNotEmpty());
            assertThat(rig.wireGuard.peerDump()).isEqualTo(before);

            rig.desire("198.51.100.2:40302", "198.51.100.3:40003");
            Duration took = rig.awaitEndpoint(rig.peer2, "198.51.100.2:40302", Rig.ONE_REFRESH);
            Measurements.assertBoundedAndRecord("10 MB strings and deeply nested JSON", agent, baseline, took);
        }
    }

    @Test
    void givenUnknownReplayedStaleUnsignedAndMalformedEvents_eachIsRejected_andWireGuardIsUnchanged() throws Exception {
        EventSigner signer = EventSigner.generate();
        EventSigner impostor = EventSigner.generate();
        try (Rig rig = Rig.create(dir, "pxr14", 1, true)) {
            AgentProcess agent = rig.startAgent("--signing-key", signer.publicKeyBase64());
            rig.awaitConverged();
            // From now on only events move peers.
            rig.controlPlane.endpointAnswer("{\"peer_endpoints\":[]}");
            int baseline = agent.threads();
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.controlPlane.openStreams() > 0);

            // An honest signed event first: it is applied, and its nonce is now spent.
            String honest = Rig.peerJson("p-2", rig.peer2, "10.77.0.2", "198.51.100.2:40402", rig.psk2);
            rig.controlPlane.push(Events.signed(signer, "e-1", Instant.now(), "nonce-1", honest));
            rig.awaitEndpoint(rig.peer2, "198.51.100.2:40402", Duration.ofSeconds(10));
            String before = rig.wireGuard.peerDump();

            String moved = Rig.peerJson("p-2", rig.peer2, "10.77.0.2", "198.51.100.66:6666", rig.psk2);
            rig.controlPlane.push(Events.signed(signer, "e-2", Instant.now(), "nonce-1", moved));
            rig.controlPlane.push(
                    Events.signed(signer, "e-3", Instant.now().minus(Duration.ofMinutes(10)), "nonce-3", moved));
            rig.controlPlane.push(Events.signed(impostor, "e-4", Instant.now(), "nonce-4", moved));
            rig.controlPlane.push(Events.unsigned("e-5", moved));
            rig.controlPlane.push(Events.signed(
                    signer,
                    "e-6",
                    Instant.now(),
                    "nonce-6",
                    Rig.peerJson("p-999", Keys.publicKey(), "10.77.0.99", "198.51.100.99:9999", Keys.presharedKey())));
            rig.controlPlane.push(Events.block("e-7", "{\"event_type\":\"peer_endpoint_changed\",\"event_id\":"));
            rig.controlPlane.push(Events.signed(
                    signer,
                    "e-8",
                    Instant.now(),
                    "nonce-8",
                    Rig.peerJson("p-2", rig.peer2, "10.77.0.2", "evil.example.com:1", rig.psk2)));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(agent.logLines("level=warn", "rejecting event", "event_id=e-2", "replay"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "rejecting event", "event_id=e-3", "stale"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "rejecting event", "event_id=e-4", "does not verify"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "rejecting event", "event_id=e-5"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "peer update failed", "p-999"))
                        .isNotEmpty();
                assertThat(agent.logLines("level=warn", "skipping malformed event"))
                        .isNotEmpty();
                // One bad field, not one lost peer (docs/PROTOCOL.md#events): the endpoint is dropped, p-2 kept.
                assertThat(agent.logLines(
                                "level=warn",
                                "dropping an invalid field of a peer",
                                "peer_id=p-2",
                                "field=endpoint",
                                "host names are not allowed"))
                        .isNotEmpty();
            });
            assertThat(rig.wireGuard.peerDump()).isEqualTo(before);

            rig.controlPlane.push(Events.signed(
                    signer,
                    "e-9",
                    Instant.now(),
                    "nonce-9",
                    Rig.peerJson("p-2", rig.peer2, "10.77.0.2", "198.51.100.2:40409", rig.psk2)));
            Duration took = rig.awaitEndpoint(rig.peer2, "198.51.100.2:40409", Duration.ofSeconds(10));
            Measurements.assertBoundedAndRecord(
                    "unknown, replayed, stale, forged, unsigned, malformed events", agent, baseline, took);
        }
    }

    private static void awaitReports(Rig rig, int more) {
        int reports = rig.controlPlane.calls(ScriptedControlPlane.Call.ENDPOINT);
        await().atMost(Rig.ONE_REFRESH.multipliedBy(more + 1))
                .until(() -> rig.controlPlane.calls(ScriptedControlPlane.Call.ENDPOINT) >= reports + more
                        && rig.agent().isAlive());
    }

    /**
     * The call has been made; reading the (possibly huge) answer and logging the rejection may take the
     * agent a while on a loaded machine, so wait for the log lines instead of sleeping a fixed second.
     */
    private static void awaitLogged(org.awaitility.core.ThrowingRunnable assertion) {
        await().atMost(Rig.ONE_REFRESH).pollInterval(Duration.ofMillis(200)).untilAsserted(assertion);
    }

    /** p-2 and p-3 where they are, plus {@code count - 2} peers the interface does not have. */
    private static byte[] manyPeers(Rig rig, int count, boolean asState) {
        StringBuilder out = new StringBuilder(count * (asState ? 240 : 60));
        out.append(asState ? "{\"peers\":[" : "{\"peer_endpoints\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            String id = i == 0 ? "p-2" : i == 1 ? "p-3" : "q-" + i;
            String endpoint = i == 0
                    ? "198.51.100.2:40002"
                    : i == 1
                            ? "198.51.100.3:40003"
                            : "203.0." + (i >> 8 & 0xff) + "." + (i & 0xff) + ":" + (1024 + i % 60000);
            if (asState) {
                String key = i == 0 ? rig.peer2 : i == 1 ? rig.peer3 : syntheticKey(i);
                out.append(Rig.peerJson(
                        id,
                        key,
                        "10.78." + (i >> 8 & 0xff) + "." + (i & 0xff),
                        endpoint,
                        i == 0 ? rig.psk2 : i == 1 ? rig.psk3 : syntheticKey(i + 1_000_000)));
            } else {
                out.append("{\"peer_id\":\"")
                        .append(id)
                        .append("\",\"endpoint\":\"")
                        .append(endpoint)
                        .append("\"}");
            }
        }
        out.append("]}");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String syntheticKey(int i) {
        byte[] bytes = new byte[32];
        for (int b = 0; b < 4; b++) {
            bytes[b] = (byte) (i >> (8 * b));
        }
        bytes[31] = 0x42;
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }
}
