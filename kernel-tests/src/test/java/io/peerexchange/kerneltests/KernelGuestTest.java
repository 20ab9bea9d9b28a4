package io.peerexchange.kerneltests;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.devtools.vm.GuestResult;
import io.peerexchange.devtools.vm.GuestVm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The kernel suite: boots one QEMU guest with Debian's cloud kernel (kernel WireGuard) through the
 * devtools VM lab and runs every {@code *InGuest} class there in one JVM ({@link KernelSuiteMain}); each
 * guest test comes back as one test here. Needs root; skipped with the reason otherwise, and failing
 * instead under {@code CI=true}. A JVM abort (exit 134) in the guest is retried once and reported.
 */
class KernelGuestTest {
    /** In this order: the module unload before any interface exists, the 10,000-peer interface last. */
    static final List<String> GUEST_CLASSES = List.of(
            "io.peerexchange.adapters.wireguard.KernelPeerUpdaterContractInGuest",
            "io.peerexchange.adapters.wireguard.netlink.NoWireGuardFamilyInGuest",
            "io.peerexchange.adapters.wireguard.KernelLivePathInGuest",
            "io.peerexchange.kerneltests.BusyPortDiscoveryInGuest",
            "io.peerexchange.kerneltests.AgentLabInGuest",
            "io.peerexchange.adapters.wireguard.netlink.KernelNetlinkInGuest");

    static final Duration BOUND = Duration.ofMinutes(9);

    @TestFactory
    Stream<DynamicTest> kernelSuiteInGuest() throws Exception {
        requireVmLab();
        List<String> classes = new ArrayList<>(GUEST_CLASSES);
        GuestResult result = runSuite(classes);
        String retried = null;
        if (result.exitCode() == 134) {
            retried = "the guest JVM aborted (exit 134) on the first run; this is the second";
            System.out.println("[kernel-suite] " + retried);
            result = runSuite(classes);
        }
        writeReport(result);
        Map<String, Outcome> outcomes = parse(result.output());
        List<DynamicTest> tests = new ArrayList<>();
        GuestResult r = result;
        String note = retried;
        tests.add(DynamicTest.dynamicTest("guest booted (" + r.accelerator() + ") and the suite finished", () -> {
            assertThat(r.problem()).as(r.output()).isNull();
            assertThat(r.output()).as("the suite's end line").contains("PXK-DONE");
            for (String guestClass : GUEST_CLASSES) {
                String simple = guestClass.substring(guestClass.lastIndexOf('.') + 1);
                assertThat(outcomes.keySet())
                        .as("results from %s", simple)
                        .anyMatch(name -> name.startsWith(simple + "#"));
            }
            assertThat(r.exitCode())
                    .as("guest suite exit code%s", note == null ? "" : " (" + note + ")")
                    .isZero();
        }));
        for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
            Outcome o = e.getValue();
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                if (!o.status().equals("SUCCESSFUL")) {
                    Assertions.fail("in the guest: " + o.status() + "\n" + o.trace());
                }
            }));
        }
        return tests.stream();
    }

    private static GuestResult runSuite(List<String> classes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only and a serial collector: under TCG the JIT and GC threads cost more than they save.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx384m",
                "-Xss1m",
                "-cp",
                System.getProperty("java.class.path"),
                KernelSuiteMain.class.getName()));
        command.addAll(classes);
        GuestVm.Options options = GuestVm.Options.defaults(BOUND)
                .withMemoryMib(1536)
                .withWorkDir(Path.of("").toAbsolutePath())
                .withOutput(line -> System.out.println("[guest] " + line));
        for (String property : List.of("peerexchange.jar", "devtools.jar", "natlab.script")) {
            String value = System.getProperty(property);
            if (value != null) {
                options = options.withEnv("PXK_" + property.replace('.', '_').toUpperCase(Locale.ROOT), value);
            }
        }
        long t0 = System.nanoTime();
        GuestResult result = GuestVm.run(command, options);
        System.out.printf(
                Locale.ROOT,
                "[kernel-suite] %s guest: boot %s, whole run %.1f s, exit %d%s%n",
                result.accelerator(),
                result.boot() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.1f s", result.boot().toMillis() / 1000.0),
                (System.nanoTime() - t0) / 1e9,
                result.exitCode(),
                result.problem() == null ? "" : " (" + result.problem() + ")");
        return result;
    }

    private static void writeReport(GuestResult result) throws IOException {
        String dir = System.getProperty("pxk.reports");
        if (dir == null) {
            return;
        }
        Path reports = Files.createDirectories(Path.of(dir));
        Files.writeString(reports.resolve("guest-output.txt"), result.output(), StandardCharsets.UTF_8);
    }

    record Outcome(String status, String trace) {}

    /** {@code PXK-RESULT status ms name} lines, each followed by its {@code PXK-TRACE} lines. */
    static Map<String, Outcome> parse(String output) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        String current = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("PXK-RESULT ")) {
                String[] f = line.split(" ", 4);
                current = f[3] + " (" + f[2] + " ms in the guest)";
                outcomes.put(current, new Outcome(f[1], ""));
            } else if (line.startsWith("PXK-TRACE ") && current != null) {
                Outcome o = outcomes.get(current);
                outcomes.put(current, new Outcome(o.status(), o.trace() + line.substring(10) + "\n"));
            }
        }
        return outcomes;
    }

    private static void requireVmLab() {
        String missing = GuestVm.unavailable();
        if (missing == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true: the kernel suite must run, but the VM lab needs " + missing);
        }
        System.out.println("[kernel-suite] skipped: the VM lab needs " + missing);
        Assumptions.abort("skipped: the VM lab needs " + missing);
    }
}
