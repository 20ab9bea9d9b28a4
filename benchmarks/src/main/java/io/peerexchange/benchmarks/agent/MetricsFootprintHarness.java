package io.peerexchange.benchmarks.agent;

import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * What the metrics endpoint costs in resident memory: the agent through its launcher without
 * metrics, with its own exposition ({@code metrics_listen}), and with the Prometheus Java client
 * ({@link PrometheusClientAgent}) instead; all side by side against the same control plane, each
 * endpoint scraped every 5 s, VmRSS read after {@code RSS_SECONDS}. The client variant cannot use
 * the launcher's class-data archive (its classes are not in the agent's class list), so it is
 * compared with the launcher with {@code PEEREXCHANGE_CDS=off}, with and without the agent's own
 * exposition. Writes row {@code 5c} and its variant table.
 * Arguments: {@code AGENT_JAR LAUNCHER STUN_PORT [RSS_SECONDS [COMMAND]]}; {@code -Dpxb.baseline.jar=JAR} adds
 * that jar as one more variant.
 */
public final class MetricsFootprintHarness {
    private static final ComponentLogger LOG = ComponentLogger.of(MetricsFootprintHarness.class, Component.BENCH);
    private static final long SCRAPE_EVERY_MS = 5_000;

    private MetricsFootprintHarness() {}

    private record Variant(String name, Map<String, String> env, int metricsPort) {}

    public static void main(String[] args) throws Exception {
        AgentHarnessArguments arguments = AgentHarnessArguments.parse(args, MetricsFootprintHarness.class, 60);
        int rssSeconds = arguments.count(0);
        RowStore store = RowStore.fromSystemProperty();
        try (AgentLab lab = AgentLab.start(arguments.jar(), arguments.launcher(), arguments.stunPort())) {
            lab.primeLauncherArchive();
            Path clientJar = clientAgentJar(lab.directory(), arguments.jar());
            int[] ports = {freePort(), freePort(), freePort()};
            List<Variant> variants = new ArrayList<>(List.of(
                    new Variant("launcher as shipped, no metrics", Map.of(), 0),
                    new Variant(
                            "launcher as shipped + `metrics_listen` (own exposition, JDK HTTP server)",
                            Map.of("PEEREXCHANGE_METRICS_LISTEN", "127.0.0.1:" + ports[0]),
                            ports[0]),
                    new Variant("launcher, `PEEREXCHANGE_CDS=off`, no metrics", Map.of("PEEREXCHANGE_CDS", "off"), 0),
                    new Variant(
                            "launcher, `PEEREXCHANGE_CDS=off` + `metrics_listen` (own exposition)",
                            Map.of("PEEREXCHANGE_CDS", "off", "PEEREXCHANGE_METRICS_LISTEN", "127.0.0.1:" + ports[1]),
                            ports[1]),
                    new Variant(
                            "launcher, `PEEREXCHANGE_CDS=off` + Prometheus Java client 1.10.0 (core + exporter-httpserver)",
                            Map.of(
                                    "PEEREXCHANGE_CDS",
                                    "off",
                                    "PEEREXCHANGE_JAR",
                                    clientJar.toString(),
                                    "PEEREXCHANGE_JAVA_OPTS",
                                    "-Dpxb.metrics.port=" + ports[2]),
                            ports[2])));
            // Optionally the agent as it was before the endpoint existed, for what the change itself costs.
            String baseline = System.getProperty("pxb.baseline.jar");
            if (baseline != null) {
                variants.add(new Variant(
                        "launcher as shipped, baseline jar " + Path.of(baseline).getFileName() + ", no metrics",
                        Map.of(
                                "PEEREXCHANGE_JAR",
                                Path.of(baseline).toAbsolutePath().toString()),
                        0));
            }
            List<Process> agents = new ArrayList<>();
            double[] rss = new double[variants.size()];
            try {
                for (Variant v : variants) {
                    String opts = v.env().getOrDefault("PEEREXCHANGE_JAVA_OPTS", "");
                    agents.add(lab.viaLauncher(opts, v.env()).start());
                }
                HttpClient http = HttpClient.newHttpClient();
                long end = System.currentTimeMillis() + rssSeconds * 1000L;
                while (System.currentTimeMillis() < end) {
                    Thread.sleep(SCRAPE_EVERY_MS);
                    for (Variant v : variants) {
                        if (v.metricsPort() > 0) {
                            scrape(http, v.metricsPort());
                        }
                    }
                }
                for (int i = 0; i < variants.size(); i++) {
                    rss[i] = vmRssKiB(agents.get(i)) / 1024.0;
                    LOG.atInfo()
                            .addKeyValue("variant", variants.get(i).name())
                            .addKeyValue("rss_mib", rss[i])
                            .log("metrics footprint");
                }
            } finally {
                for (Process agent : agents) {
                    AgentLab.stop(agent);
                }
            }
            store.write(new Row(
                    "5c-agent-rss-with-metrics",
                    String.format(
                            "Agent: resident memory after %d s of `run` with the metrics endpoint on and scraped,"
                                    + " launcher flags",
                            rssSeconds),
                    "MiB",
                    OptionalDouble.of(rss[1]),
                    "the same with the Prometheus Java client (CDS off for both)",
                    OptionalDouble.of(rss[4]),
                    false,
                    "≤ 64 MiB",
                    Row.Verdict.of(rss[1] <= 64),
                    arguments.command(),
                    String.format(
                            "without metrics %.1f MiB; CDS off: no metrics %.1f, own exposition %.1f, Prometheus client"
                                    + " %.1f MiB",
                            rss[0], rss[2], rss[3], rss[4])));
            StringBuilder md = new StringBuilder("| variant | RSS after " + rssSeconds + " s, MiB |\n|---|---|\n");
            for (int i = 0; i < variants.size(); i++) {
                md.append(String.format("| %s | %.1f |%n", variants.get(i).name(), rss[i]));
            }
            // Next to the row in the report, as its profile.
            Files.writeString(store.directory().resolve("5c-agent-rss-with-metrics.profile.md"), md.toString());
        }
    }

    /**
     * A jar whose manifest starts {@link PrometheusClientAgent} with the agent's jar and only the
     * Prometheus client's classes (copied out of this harness's jar) on its class path.
     */
    private static Path clientAgentJar(Path directory, Path agentJar) throws Exception {
        Path own = Path.of(MetricsFootprintHarness.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path library = directory.resolve("prometheus-client.jar");
        String wrapper = PrometheusClientAgent.class.getName().replace('.', '/');
        try (JarFile source = new JarFile(own.toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(library))) {
            Enumeration<JarEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (!e.isDirectory()
                        && (e.getName().startsWith("io/prometheus/")
                                || e.getName().startsWith(wrapper))) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream in = source.getInputStream(e)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PrometheusClientAgent.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, agentJar.toUri() + " " + library.toUri());
        Path thin = directory.resolve("agent-with-prometheus-client.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(thin), manifest)) {
            out.flush();
        }
        return thin;
    }

    private static void scrape(HttpClient http, int port) {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            LOG.atWarn()
                    .addKeyValue("port", port)
                    .addKeyValue("error", e.getMessage())
                    .log("scrape failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long vmRssKiB(Process process) throws IOException {
        if (!process.isAlive()) {
            throw new IOException("agent " + process.pid() + " exited early with " + process.exitValue());
        }
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + process.pid());
    }
}
