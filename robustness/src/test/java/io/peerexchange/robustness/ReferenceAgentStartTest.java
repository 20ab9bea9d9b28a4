package io.peerexchange.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerexchange.testing.agent.AgentProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Issue 12's start-up promise against the reference control plane: with NAT traversal off, the
 * endpoints already in the node state reach WireGuard within {@link #START_BUDGET} of the process
 * start. Isolated so that the suite's other agents do not compete for the CPU while it is timed.
 */
@Isolated
class ReferenceAgentStartTest {
    /** From process start (launcher, JVM, state fetch, UAPI write) to the endpoint visible in wg. */
    static final Duration START_BUDGET = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void givenNodeStateWithPeerEndpoints_andNatTraversalOff_agentWritesThemIntoWireGuardWithinTwoSecondsOfStart()
            throws Exception {
        try (ReferenceRig rig = ReferenceRig.create(dir, "pxe1", false)) {
            rig.setEndpoint("p-2", "198.51.100.2:40002");
            rig.setEndpoint("p-3", "[2001:db8::3]:40003");
            assertThat(rig.wireGuard.endpointOf(rig.peer2)).isEqualTo(ReferenceRig.PLACEHOLDER_2);

            long started = System.nanoTime();
            AgentProcess agent = rig.startAgent();
            // Polled as fast as wg answers, so the figure is the agent's and not the poll interval's.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .untilAsserted(() -> {
                        assertThat(agent.isAlive()).as(agent.stderr()).isTrue();
                        assertThat(rig.wireGuard.endpointOf(rig.peer2)).isEqualTo("198.51.100.2:40002");
                        assertThat(rig.wireGuard.endpointOf(rig.peer3)).isEqualTo("[2001:db8::3]:40003");
                    });
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            Measurements.record(String.format(
                    "reference control plane, NAT off: state endpoints in WireGuard %d ms after process start",
                    took.toMillis()));
            assertThat(agent.logLines("NAT traversal disabled")).isNotEmpty();
            assertThat(took).as("process start to both endpoints in wg").isLessThanOrEqualTo(START_BUDGET);
        }
    }
}
