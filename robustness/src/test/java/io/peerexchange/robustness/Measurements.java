package io.peerexchange.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.testing.agent.AgentProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The bounds every scenario must keep, and a record of what was measured
 * ({@code target/robustness-measurements.txt}, the source of the figures in ROBUSTNESS.md).
 */
final class Measurements {
    /** Threads a fault may add over the converged agent's count (a reconnect must not leak its reader). */
    static final int MAX_EXTRA_THREADS = 8;
    /** Resident memory ceiling for the launcher's -Xmx64m agent. */
    static final long MAX_RSS_KB = 200 * 1024;

    private static final Path FILE = Path.of("target", "robustness-measurements.txt");

    private Measurements() {}

    /** Asserts the agent survived within bounds and records the figures. */
    static void assertBoundedAndRecord(String scenario, AgentProcess agent, int baselineThreads, Duration convergence) {
        assertThat(agent.isAlive())
                .as("agent still running after %s; stderr:\n%s", scenario, agent.stderr())
                .isTrue();
        assertThat(agent.maxThreads())
                .as("peak threads (baseline %d)", baselineThreads)
                .isLessThanOrEqualTo(baselineThreads + MAX_EXTRA_THREADS);
        assertThat(agent.maxRssKb()).as("peak VmRSS kB").isLessThanOrEqualTo(MAX_RSS_KB);
        record(String.format(
                "%s: converged %.1f s after recovery; threads baseline %d, peak %d, now %d; VmRSS peak %d MB, now %d MB",
                scenario,
                convergence.toMillis() / 1000.0,
                baselineThreads,
                agent.maxThreads(),
                agent.threads(),
                agent.maxRssKb() / 1024,
                agent.rssKb() / 1024));
    }

    static synchronized void record(String line) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(
                    FILE,
                    java.time.Instant.now() + " " + line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
