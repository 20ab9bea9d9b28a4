package io.peerexchange.benchmarks.agent;

import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.benchmarks.results.Stats;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The agent process itself: time from process start to its first endpoint report (seen by the
 * in-process control plane), and resident memory after 60 s of {@code run}, for the launcher's JVM
 * flags (ours), plain {@code java -jar} (the alternative: JVM defaults), and one variant per JVM
 * means (GC, heap and metaspace caps, tiered compilation, thread stacks, class-data sharing).
 * Writes rows {@code 5a}, {@code 5b} and the variant table {@code 5-variants.md}.
 * Arguments: {@code AGENT_JAR LAUNCHER STUN_PORT [STARTS [RSS_SECONDS [COMMAND]]]}.
 */
public final class AgentFootprintHarness {
    private static final ComponentLogger LOG = ComponentLogger.of(AgentFootprintHarness.class, Component.BENCH);

    private AgentFootprintHarness() {}

    /** One way to start the agent. */
    private record Variant(String name, boolean launcher, List<String> flags, String bought, Map<String, String> env) {
        Variant(String name, boolean launcher, List<String> flags, String bought) {
            this(name, launcher, flags, bought, Map.of());
        }

        ProcessBuilder builder(AgentLab lab) {
            return launcher ? lab.viaLauncher(String.join(" ", flags), env) : lab.viaJava(flags);
        }

        String commandText(AgentLab lab) {
            StringBuilder vars = new StringBuilder();
            env.forEach(
                    (name, value) -> vars.append(name).append('=').append(value).append(' '));
            return vars
                    + (launcher
                            ? lab.launcherCommandText(String.join(" ", flags))
                            : "java " + String.join(" ", flags) + (flags.isEmpty() ? "" : " ")
                                    + "-jar peerexchange.jar run …");
        }

        boolean isTheLauncherAsShipped() {
            return launcher && flags.isEmpty() && env.isEmpty();
        }
    }

    /** Results of one variant. */
    private record Measured(
            Variant variant,
            double startMedianMs,
            double startMaxMs,
            double cpuMedianMs,
            double rssMiB,
            double pssMiB) {}

    public static void main(String[] args) throws Exception {
        AgentHarnessArguments arguments = AgentHarnessArguments.parse(args, AgentFootprintHarness.class, 5, 60);
        int starts = arguments.count(0);
        int rssSeconds = arguments.count(1);
        RowStore store = RowStore.fromSystemProperty();
        try (AgentLab lab = AgentLab.start(arguments.jar(), arguments.launcher(), arguments.stunPort())) {
            Path archive = lab.directory().resolve("pxb-agent.jsa");
            long firstStartMs = lab.primeLauncherArchive();
            train(lab, archive);
            Map<String, String> noCds = Map.of("PEEREXCHANGE_CDS", "off");
            List<Variant> variants = new ArrayList<>(List.of(
                    new Variant("`java -jar` (JVM defaults: G1, C1+C2, heap ¼ of RAM)", false, List.of(), "baseline"),
                    new Variant("defaults + `-XX:+UseSerialGC`", false, List.of("-XX:+UseSerialGC"), ""),
                    new Variant("defaults + `-Xms8m -Xmx64m`", false, List.of("-Xms8m", "-Xmx64m"), ""),
                    new Variant(
                            "defaults + `-XX:MaxMetaspaceSize=48m`", false, List.of("-XX:MaxMetaspaceSize=48m"), ""),
                    new Variant("defaults + `-XX:TieredStopAtLevel=1`", false, List.of("-XX:TieredStopAtLevel=1"), ""),
                    new Variant("defaults + `-Xss512k`", false, List.of("-Xss512k"), ""),
                    new Variant(
                            "**launcher** (`bootstrap/bin/peerexchange`: all of the above but metaspace, + code cache 32m,"
                                    + " + its class-data archive of the agent's class list)",
                            true,
                            List.of(),
                            ""),
                    new Variant(
                            "launcher with `PEEREXCHANGE_CDS=off` (the JDK's default class-data archive only)",
                            true,
                            List.of(),
                            "",
                            noCds),
                    new Variant(
                            "launcher + `-Xshare:off` (no class-data sharing at all)",
                            true,
                            List.of("-Xshare:off"),
                            ""),
                    new Variant(
                            "`PEEREXCHANGE_CDS=off` launcher + a dynamic AppCDS archive of one training run "
                                    + "(`-XX:SharedArchiveFile`)",
                            true,
                            List.of("-XX:SharedArchiveFile=" + archive),
                            "",
                            noCds),
                    new Variant(
                            "the same + `-XX:MaxMetaspaceSize=48m -XX:CICompilerCount=1`",
                            true,
                            List.of(
                                    "-XX:SharedArchiveFile=" + archive,
                                    "-XX:MaxMetaspaceSize=48m",
                                    "-XX:CICompilerCount=1"),
                            "",
                            noCds),
                    new Variant(
                            "the same + `-Xmx32m -XX:ReservedCodeCacheSize=16m -Xss256k -XX:CICompilerCount=1`",
                            true,
                            List.of(
                                    "-XX:SharedArchiveFile=" + archive,
                                    "-Xmx32m",
                                    "-XX:ReservedCodeCacheSize=16m",
                                    "-Xss256k",
                                    "-XX:CICompilerCount=1"),
                            "",
                            noCds)));
            if (!Files.exists(archive)) {
                variants.removeIf(v -> v.flags().stream().anyMatch(f -> f.startsWith("-XX:SharedArchiveFile")));
            }
            // Round robin over the variants, so load from the shared machine spreads over all of them.
            double[][] startTimes = new double[variants.size()][starts];
            double[][] cpuTimes = new double[variants.size()][starts];
            for (int s = 0; s < starts; s++) {
                for (int v = 0; v < variants.size(); v++) {
                    double[] one = startOnce(lab, variants.get(v));
                    startTimes[v][s] = one[0];
                    cpuTimes[v][s] = one[1];
                }
            }
            double[][] memory =
                    rssAfter(lab, variants, rssSeconds, store.directory().resolve("5b-agent-rss.profile.md"));
            double[] rss = memory[0];
            List<Measured> measured = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                double[] times = startTimes[i];
                measured.add(new Measured(
                        variants.get(i),
                        Stats.median(times),
                        Stats.percentile(times, 100),
                        Stats.median(cpuTimes[i]),
                        rss[i],
                        memory[1][i]));
                LOG.atInfo()
                        .addKeyValue("variant", variants.get(i).name())
                        .addKeyValue("start_median_ms", Stats.median(times))
                        .addKeyValue("rss_mib", rss[i])
                        .log("agent footprint");
            }
            write(store, lab, measured, starts, rssSeconds, arguments.command(), firstStartMs);
        }
    }

    /** Records a dynamic AppCDS archive from one start to the first report and a clean stop. */
    private static void train(AgentLab lab, Path archive) throws IOException, InterruptedException {
        lab.log().clear();
        // On the JDK's default archive, not the launcher's, so that this variant stands on its own.
        Process agent = lab.viaLauncher("-XX:ArchiveClassesAtExit=" + archive, Map.of("PEEREXCHANGE_CDS", "off"))
                .start();
        try {
            lab.log().await("endpoint reported", AgentLab.AGENT, 30_000);
            Thread.sleep(2_000); // let the event stream and first heartbeat load their classes too
        } finally {
            AgentLab.stop(agent);
        }
        if (!Files.exists(archive)) {
            LOG.atWarn().log("no CDS archive was written; CDS rows skipped");
        }
    }

    /**
     * One start: wall time from spawning the process to the control plane logging its report, and
     * the CPU time (user + system) the agent had used by then, which the machine's load does not inflate.
     */
    private static double[] startOnce(AgentLab lab, Variant variant) throws IOException, InterruptedException {
        lab.log().clear();
        long start = System.nanoTime();
        Process agent = variant.builder(lab).start();
        try {
            ControlPlaneLog.Seen report = lab.log().await("endpoint reported", AgentLab.AGENT, 30_000);
            if (report == null) {
                throw new IOException("no endpoint report within 30 s from " + variant.commandText(lab)
                        + "; see the agent log in " + lab.directory());
            }
            double cpu = cpuMillis(agent);
            return new double[] {(report.nanos() - start) / 1e6, cpu};
        } finally {
            AgentLab.stop(agent);
        }
    }

    /** utime + stime from {@code /proc/<pid>/stat}, in ms (USER_HZ is 100 on Linux). */
    private static double cpuMillis(Process process) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
    }

    /** All variants side by side (one at a time would take minutes each), VmRSS after {@code seconds}. */
    private static double[][] rssAfter(AgentLab lab, List<Variant> variants, int seconds, Path breakdown)
            throws IOException, InterruptedException {
        List<Process> agents = new ArrayList<>();
        try {
            for (Variant variant : variants) {
                agents.add(variant.builder(lab).start());
            }
            // One more launcher agent with Native Memory Tracking, for where the resident memory goes.
            Process tracked =
                    lab.viaLauncher("-XX:NativeMemoryTracking=summary").start();
            agents.add(tracked);
            Thread.sleep(seconds * 1_000L);
            double[] rss = new double[variants.size()];
            double[] pss = new double[variants.size()];
            for (int i = 0; i < variants.size(); i++) {
                if (agents.get(i).isAlive()) {
                    rss[i] = vmRssKiB(agents.get(i)) / 1024.0;
                    pss[i] = kib(agents.get(i), "smaps_rollup", "Pss:") / 1024.0;
                } else { // e.g. a heap cap too small: -XX:+ExitOnOutOfMemoryError ends it
                    rss[i] = Double.NaN;
                    pss[i] = Double.NaN;
                    LOG.atWarn()
                            .addKeyValue("variant", variants.get(i).name())
                            .addKeyValue("exit", agents.get(i).exitValue())
                            .log("agent exited before the memory reading");
                }
            }
            writeBreakdown(tracked, breakdown);
            return new double[][] {rss, pss};
        } finally {
            for (Process agent : agents) {
                AgentLab.stop(agent);
            }
        }
    }

    /** {@code jcmd VM.native_memory summary}: committed memory per JVM area, next to the process's VmRSS. */
    private static void writeBreakdown(Process agent, Path file) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(agent.pid()), "VM.native_memory", "summary")
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        jcmd.waitFor();
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                "Native Memory Tracking (`-XX:NativeMemoryTracking=summary`, `jcmd <pid> VM.native_memory summary`)"
                        + " of a launcher agent run alongside, VmRSS %.1f MiB. Committed per area:%n%n```%n",
                vmRssKiB(agent) / 1024.0));
        for (String line : out.split("\n")) {
            String t = line.strip();
            if ((t.startsWith("Total:") || t.startsWith("-")) && t.contains("committed=")) {
                md.append(t.replaceAll("\\s+", " ")).append('\n');
            }
        }
        md.append("```\n");
        Files.writeString(file, md.toString());
    }

    private static long vmRssKiB(Process process) throws IOException {
        return kib(process, "status", "VmRSS:");
    }

    /** A {@code kB} figure from {@code /proc/<pid>/<file>}. */
    static long kib(Process process, String file, String field) throws IOException {
        if (!process.isAlive()) {
            throw new IOException("agent " + process.pid() + " exited early with " + process.exitValue());
        }
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), file))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " in /proc/" + process.pid() + "/" + file);
    }

    private static void write(
            RowStore store,
            AgentLab lab,
            List<Measured> measured,
            int starts,
            int rssSeconds,
            String command,
            long firstStartMs)
            throws IOException {
        Measured defaults = measured.get(0);
        Measured ours = measured.stream()
                .filter(m -> m.variant().isTheLauncherAsShipped())
                .findFirst()
                .orElseThrow();
        String alternative = "`java -jar peerexchange.jar` (JVM defaults)";
        store.write(new Row(
                "5a-agent-start-to-report",
                String.format("Agent: process start → first endpoint report, launcher flags (%d starts)", starts),
                "ms",
                OptionalDouble.of(ours.startMedianMs()),
                alternative,
                OptionalDouble.of(defaults.startMedianMs()),
                false,
                "≤ 1000 ms",
                Row.Verdict.of(ours.startMedianMs() <= 1000),
                command,
                String.format(
                        "max %.0f ms; CPU used by the agent until then %.0f ms (defaults: %.0f ms); the very first "
                                + "start with a new jar or JVM also dumps the launcher's class-data archive: `peerexchange version` "
                                + "took %d ms then; %s",
                        ours.startMaxMs(),
                        ours.cpuMedianMs(),
                        defaults.cpuMedianMs(),
                        firstStartMs,
                        ours.variant().commandText(lab))));
        store.write(new Row(
                "5b-agent-rss",
                String.format("Agent: resident memory (VmRSS) after %d s of `run`, launcher flags", rssSeconds),
                "MiB",
                OptionalDouble.of(ours.rssMiB()),
                alternative,
                OptionalDouble.of(defaults.rssMiB()),
                false,
                "≤ 64 MiB",
                Row.Verdict.of(ours.rssMiB() <= 64),
                command,
                String.format(
                        "PSS %.1f MiB (shared CDS pages divided among the processes); all variants ran side by "
                                + "side for the memory figures",
                        ours.pssMiB())));
        StringBuilder md = new StringBuilder();
        md.append(
                        "| JVM flags | start → first report, median ms | Δ vs defaults | CPU used by then, median ms | RSS after ")
                .append(rssSeconds)
                .append(" s, MiB | Δ vs defaults | PSS, MiB |\n|---|---|---|---|---|---|---|\n");
        for (Measured m : measured) {
            String memory = Double.isNaN(m.rssMiB())
                    ? "exited before the reading | — | —"
                    : String.format("%.1f | %+.1f MiB | %.1f", m.rssMiB(), m.rssMiB() - defaults.rssMiB(), m.pssMiB());
            md.append(String.format(
                    "| %s | %.0f (max %.0f) | %+.0f ms | %.0f | %s |%n",
                    m.variant().name(),
                    m.startMedianMs(),
                    m.startMaxMs(),
                    m.startMedianMs() - defaults.startMedianMs(),
                    m.cpuMedianMs(),
                    memory));
        }
        Files.writeString(store.directory().resolve("5-variants.md"), md.toString());
    }
}
