package io.peerexchange.benchmarks.agent;

import io.peerexchange.benchmarks.results.Commands;
import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.benchmarks.results.Stats;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Event to WireGuard: the reference control plane is told bench-b's new endpoint
 * ({@code PUT /v1/nodes/bench-b/endpoint}), publishes {@code peer_endpoint_changed} to bench-a,
 * and the clock stops when wireguard-go's UAPI shows the new endpoint for bench-b. Ours: the real
 * agent jar through the launcher ({@code --wg-backend uapi}). Alternative: the shell pipeline a user
 * would write, {@code curl -N … | while read; jq; wg set}. Root only (wireguard-go in a namespace).
 * Arguments: {@code AGENT_JAR LAUNCHER STUN_PORT [EVENTS [COMMAND]]}. Writes rows {@code 4a}, {@code 4b}.
 */
public final class EventToWireGuardHarness {
    private static final ComponentLogger LOG = ComponentLogger.of(EventToWireGuardHarness.class, Component.BENCH);
    private static final int WARMUP = 200;
    private static final String WHAT =
            "Event to WireGuard: control plane writes peer_endpoint_changed → wireguard-go shows it, %,d events";
    private static final String ALTERNATIVE = "shell: `curl -N` SSE | `while read` | `jq` | `wg set` per event";

    /** PUT round trips of the last {@link #measure} (the control plane publishing the event). */
    private static double[] lastPut = new double[0];
    /** From sending the PUT to WireGuard showing the endpoint, of the last {@link #measure}. */
    private static double[] lastFromPut = new double[0];

    private EventToWireGuardHarness() {}

    public static void main(String[] args) throws Exception {
        AgentHarnessArguments arguments = AgentHarnessArguments.parse(args, EventToWireGuardHarness.class, 1_000);
        int events = arguments.count(0);
        RowStore store = RowStore.fromSystemProperty();
        String what = String.format(WHAT, events);
        try (AgentLab lab = AgentLab.start(arguments.jar(), arguments.launcher(), arguments.stunPort())) {
            if (!lab.hasWireGuard()) {
                String reason =
                        "needs root (wireguard-go in a network namespace); run-benchmarks.sh was not run as root";
                store.write(Row.notMeasured(
                        "4a-event-to-wg-median",
                        what + " (median)",
                        "ms",
                        ALTERNATIVE,
                        Row.P99_IS_THE_TARGET,
                        arguments.command(),
                        reason));
                store.write(Row.notMeasured(
                        "4b-event-to-wg-p99",
                        what + " (p99)",
                        "ms",
                        ALTERNATIVE,
                        "p99 ≤ 10 ms",
                        arguments.command(),
                        reason));
                return;
            }
            // -Dpxb.agent.jfr=FILE records the agent with JFR; dumped by jcmd, as the agent halts on SIGTERM.
            String jfr = System.getProperty("pxb.agent.jfr", "");
            double[] ours = measure(
                    lab,
                    lab.viaLauncher(jfr.isEmpty() ? "" : "-XX:StartFlightRecording=settings=profile"),
                    events,
                    true);
            double[] oursPut = lastPut;
            double[] oursFromPut = lastFromPut;
            double[] theirs = measure(lab, shellPipeline(lab), events, false);
            LOG.atInfo()
                    .addKeyValue("ours_median_ms", Stats.median(ours))
                    .addKeyValue("ours_p99_ms", Stats.percentile(ours, 99))
                    .addKeyValue("shell_median_ms", Stats.median(theirs))
                    .addKeyValue("shell_p99_ms", Stats.percentile(theirs, 99))
                    .log("event to WireGuard");
            store.write(Row.median(
                    "4a-event-to-wg-median",
                    what,
                    "ms",
                    ours,
                    ALTERNATIVE,
                    theirs,
                    arguments.command(),
                    "ours",
                    "shell",
                    "%.1f"));
            double p99 = Stats.percentile(ours, 99);
            store.write(new Row(
                    "4b-event-to-wg-p99",
                    what + " (p99)",
                    "ms",
                    OptionalDouble.of(p99),
                    ALTERNATIVE,
                    OptionalDouble.of(Stats.percentile(theirs, 99)),
                    false,
                    "p99 ≤ 10 ms",
                    Row.Verdict.of(p99 <= 10),
                    arguments.command(),
                    String.format(
                            "clock from the control plane's write of the event; from sending the PUT "
                                    + "instead: median %.2f ms, p99 %.2f ms (the PUT round trip alone: median %.2f ms, p99 %.2f ms); "
                                    + "agent: %s",
                            Stats.median(oursFromPut),
                            Stats.percentile(oursFromPut, 99),
                            Stats.median(oursPut),
                            Stats.percentile(oursPut, 99),
                            lab.launcherCommandText(""))));
        }
    }

    /** The alternative: one curl, one jq and one wg process per event, as a script would do it. */
    private static ProcessBuilder shellPipeline(AgentLab lab) {
        String script = "curl -sN -H \"Authorization: Bearer $(cat \"$PXB_TOKEN\")\" -H 'Accept: text/event-stream' "
                + "\"$PXB_URL/v1/nodes/" + AgentLab.AGENT + "/events\" | while IFS= read -r line; do "
                + "case \"$line\" in data:*) "
                + "set -- $(printf '%s' \"${line#data:}\" | jq -r '.payload.public_key + \" \" + .payload.endpoint'); "
                + "wg set \"$PXB_IF\" peer \"$1\" endpoint \"$2\";; esac; done";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script);
        builder.environment()
                .put("PXB_TOKEN", lab.directory().resolve("token-a").toString());
        builder.environment().put("PXB_URL", "http://127.0.0.1:" + lab.controlPlanePort());
        builder.environment().put("PXB_IF", AgentLab.IFNAME);
        return builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        lab.directory().resolve("shell.log").toFile()));
    }

    private static double[] measure(AgentLab lab, ProcessBuilder client, int events, boolean agent) throws Exception {
        ControlPlaneLog log = lab.log();
        log.clear();
        Process process = client.start();
        try {
            if (agent && log.await("endpoint reported", AgentLab.AGENT, 30_000) == null) {
                throw new IOException("the agent did not report its endpoint within 30 s");
            }
            if (log.await("event stream opened", AgentLab.AGENT, 30_000) == null) {
                throw new IOException("no event stream from " + (agent ? "the agent" : "curl") + " within 30 s");
            }
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            UapiPoller poller =
                    new UapiPoller(Path.of("/var/run/wireguard", AgentLab.IFNAME + ".sock"), AgentLab.PEER_KEY);
            URI uri = URI.create(
                    "http://127.0.0.1:" + lab.controlPlanePort() + "/v1/nodes/" + AgentLab.PEER + "/endpoint");
            long[] nanos = new long[events];
            long[] putNanos = new long[events];
            long[] fromPut = new long[events];
            int base = agent ? 0 : 100_000;
            for (int i = 0; i < WARMUP + events; i++) {
                int n = base + i;
                String endpoint =
                        "198.51." + (100 + (n / 250) % 100) + "." + (n % 250 + 1) + ":" + (20_000 + n % 40_000);
                HttpRequest put = HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer token-" + AgentLab.PEER)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"public_endpoint\":\"" + endpoint + "\",\"nat_type\":\"full_cone\"}"))
                        .build();
                log.clear();
                long start = System.nanoTime();
                HttpResponse<Void> answer = http.send(put, HttpResponse.BodyHandlers.discarding());
                long written = System.nanoTime();
                if (answer.statusCode() != 200) {
                    throw new IOException("control plane answered " + answer.statusCode());
                }
                long deadline = start + TimeUnit.SECONDS.toNanos(5);
                while (!poller.endpoint().equals(endpoint)) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("event " + i + " did not reach WireGuard within 5 s");
                    }
                    LockSupport.parkNanos(100_000);
                }
                long shown = System.nanoTime();
                // The clock starts when the control plane has written the event to the stream: it logs
                // "event published" right after its synchronous write and flush.
                ControlPlaneLog.Seen published = log.await("event published", AgentLab.AGENT, 5_000);
                if (published == null) {
                    throw new IOException("the control plane did not log event " + i + " as published");
                }
                if (i >= WARMUP) {
                    nanos[i - WARMUP] = Math.max(0, shown - published.nanos());
                    fromPut[i - WARMUP] = shown - start;
                    putNanos[i - WARMUP] = written - start;
                }
            }
            String jfr = System.getProperty("pxb.agent.jfr", "");
            if (agent && !jfr.isEmpty()) {
                String error = Commands.run("jcmd", Long.toString(process.pid()), "JFR.dump", "filename=" + jfr);
                if (!error.isEmpty()) {
                    LOG.atWarn().addKeyValue("error", error).log("JFR dump failed");
                }
            }
            double[] put = Stats.nanosToMillis(putNanos);
            LOG.atInfo()
                    .addKeyValue("client", agent ? "agent" : "shell")
                    .addKeyValue("put_median_ms", Stats.median(put))
                    .addKeyValue("put_p99_ms", Stats.percentile(put, 99))
                    .log("control-plane PUT (publishing included) before the event reached WireGuard");
            lastPut = put;
            lastFromPut = Stats.nanosToMillis(fromPut);
            return Stats.nanosToMillis(nanos);
        } finally {
            List<ProcessHandle> children = process.descendants().toList();
            children.forEach(ProcessHandle::destroy);
            AgentLab.stop(process);
        }
    }
}
