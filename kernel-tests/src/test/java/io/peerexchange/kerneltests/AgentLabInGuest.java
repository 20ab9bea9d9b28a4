package io.peerexchange.kerneltests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent end to end on kernel WireGuard: the NAT lab ({@code devtools/lab/nat-lab.sh}, docs/ARCHITECTURE.md#nat-lab) in
 * the guest with {@code PXL_WG=kernel}: two peers behind two NATs, coturn, the reference control plane,
 * two {@code peerexchange run --wg-backend netlink} agents. All three phases must pass: tunnel up with
 * the right endpoints and allowed IPs kept, a moved mapping followed, a symmetric NAT reported.
 * Runs in the guest only.
 */
class AgentLabInGuest {
    /** Under TCG a JVM starts in seconds, not tenths: every phase gets this much more time. */
    private static final int SLACK_SECONDS = 40;

    private static final long LIMIT_SECONDS = 420;

    @BeforeAll
    static void inGuest() {
        Sh.requireGuest();
    }

    @Test
    void givenKernelWireGuardBehindTwoNats_agentsWithNetlinkBackend_passAllPhases() throws Exception {
        Path log = Files.createTempFile("pxk-natlab", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", System.getenv("PXK_NATLAB_SCRIPT"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PXL_WG", "kernel");
        builder.environment().put("PXL_SLACK", Integer.toString(SLACK_SECONDS));
        builder.environment().put("PXL_JAR", System.getenv("PXK_PEEREXCHANGE_JAR"));
        builder.environment().put("PXL_CP_CLASSPATH", System.getenv("PXK_DEVTOOLS_JAR"));
        // C1 only, serial GC, small heaps: four JVMs share two emulated CPUs and the guest's RAM.
        builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -Xss512k");
        Process lab = builder.start();
        boolean finished = lab.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            lab.destroy();
            lab.waitFor(20, TimeUnit.SECONDS);
            lab.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(finished).as("lab finished within %d s", LIMIT_SECONDS).isTrue();
        assertThat(lab.exitValue()).as("lab exit code").isZero();
        assertThat(output)
                .contains("WireGuard: the kernel's (agents use --wg-backend netlink)")
                .contains("node a discovered 203.0.113.10:40000")
                .contains("All phases passed.")
                .contains("cleanup complete: no pxl namespace, interface, socket or process left");
    }
}
