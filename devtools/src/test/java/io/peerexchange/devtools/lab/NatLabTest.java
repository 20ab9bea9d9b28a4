package io.peerexchange.devtools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.testing.env.Require;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code lab/nat-lab.sh} against bootstrap's packaged agent jar. The reactor packages bootstrap
 * first (devtools depends on it in test scope); the control plane runs from this module's classes.
 */
class NatLabTest {
    private static final long LIMIT_SECONDS = 180;

    @Test
    void givenTwoAgentsBehindTwoNats_natLab_passesAllThreePhasesAndLeavesNothing() throws Exception {
        Require.root("the NAT lab needs network namespaces, iptables and wireguard-go");
        Path jar = Path.of(System.getProperty("peerexchange.jar", "../bootstrap/target/peerexchange.jar"));
        Path script = Path.of(System.getProperty("natlab.script", "lab/nat-lab.sh"));
        assertThat(jar)
                .as("agent jar (package bootstrap first: mvn -B -DskipTests package)")
                .isRegularFile();
        Path log = Path.of("target", "nat-lab.log");
        Files.createDirectories(log.getParent());

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PXL_JAR", jar.toAbsolutePath().toString());
        builder.environment().put("PXL_CP_CLASSPATH", controlPlaneClasspath());
        Process lab = builder.start();
        boolean finished = lab.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            // SIGTERM: the script's trap removes namespaces and processes before it exits.
            lab.destroy();
            lab.waitFor(20, TimeUnit.SECONDS);
            lab.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(finished)
                .as("lab finished within %d s; output:%n%s", LIMIT_SECONDS, output)
                .isTrue();
        assertThat(lab.exitValue()).as("lab exit code; output:%n%s", output).isZero();
        assertThat(output)
                .contains("All phases passed.")
                .contains("cleanup complete: no pxl namespace, interface, socket or process left");
        assertThat(leftoverNamespaces()).as("pxl namespaces after the lab").isEmpty();
    }

    @Test
    void givenOneRouterWithoutHairpin_manualLab_pingsOverTheLanAddressesAndLeavesNothing() throws Exception {
        Require.root("the NAT lab needs network namespaces, iptables and wireguard-go");
        Path script = Path.of(System.getProperty("natlab.script", "lab/nat-lab.sh"));
        Path log = Path.of("target", "nat-lab-one-router.log");
        Files.createDirectories(log.getParent());

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "--manual", "--topology", "one-router")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PXL_CP_CLASSPATH", controlPlaneClasspath());
        Process lab = builder.start();
        boolean finished = lab.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            lab.destroy();
            lab.waitFor(20, TimeUnit.SECONDS);
            lab.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(finished).as("lab finished; output:%n%s", output).isTrue();
        assertThat(lab.exitValue()).as("lab exit code; output:%n%s", output).isZero();
        assertThat(output)
                .contains("one router")
                .contains("holds peer b at 192.168.1.3:51820")
                .contains("across the LAN: 3/3 replies")
                .contains("cleanup complete: no pxl namespace, interface, socket or process left");
        assertThat(leftoverNamespaces()).as("pxl namespaces after the lab").isEmpty();
    }

    /** This module's runtime classpath as surefire sees it, without the agent (it brings its own logging setup). */
    private static String controlPlaneClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry ->
                        !entry.contains("/io/peerexchange/bootstrap/") && !entry.contains("/bootstrap/target/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String leftoverNamespaces() throws IOException, InterruptedException {
        Process list = new ProcessBuilder("ip", "netns", "list")
                .redirectErrorStream(true)
                .start();
        String text = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor(5, TimeUnit.SECONDS);
        return text.lines().filter(line -> line.startsWith("pxl-")).collect(Collectors.joining("\n"));
    }
}
