#!/usr/bin/env bash
# Regenerates benchmarks/BENCHMARKS.md end to end: builds the agent and the benchmarks, starts coturn
# on 127.0.0.1, runs every benchmark and harness, and writes the report.
#
#   benchmarks/run-benchmarks.sh (as root)       # everything (about 8-10 minutes on 2 cores, and about
#                                                # 15 more for rows 3e/3f: 10,000 `wg set` processes in
#                                                # an emulated guest)
#   benchmarks/run-benchmarks.sh                 # as a normal user: the WireGuard, event and raw-socket
#                                                # rows are written as "not measured" (they need root)
#   benchmarks/run-benchmarks.sh --no-build      # reuse bootstrap/target/peerexchange.jar and
#                                                # benchmarks/target/benchmarks.jar
#   benchmarks/run-benchmarks.sh --quick         # short iterations: checks the harness, not the figures
#   benchmarks/run-benchmarks.sh --report-only   # rewrite BENCHMARKS.md from the last run's results
#                                                # (benchmarks/target/benchmark-results), e.g. after
#                                                # editing benchmarks/analysis/*.md
#
# Needs: Java 17+, Maven (unless --no-build), coturn (turnserver, turnutils_stunclient), and for the
# root rows wireguard-go, wireguard-tools (wg), iproute2, curl, jq, iptables, conntrack, iperf3. Names it
# creates: network namespaces pxb-wg, pxb-agent, pxb-pmr and pxb-pmc (row 8: miniupnpd-iptables,
# miniupnpc, natpmpc), pxrb-* (the relay lab, row 7), interfaces pxb0, pxb1, pxrb1, pxrb2, coturn on
# 127.0.0.1:34840 (and, for row 7f, one with TURN on a free 127.0.0.1 port), the lab matrix's pxk-*
# namespaces and interfaces pxka, pxkb (row 6, about 12 minutes); all removed on exit, also after a
# failure. MVN_FLAGS (default "-B -q") goes to every mvn call. Rows 3e/3f boot a
# QEMU guest with Debian's cloud kernel (docs/KERNEL-VM.md: qemu-system-x86, busybox-static, virtiofsd)
# and are marked not measured without it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
build=1
quick=0
report_only=0
for arg in "$@"; do
    case $arg in
        --no-build) build=0 ;;
        --quick) quick=1 ;;
        --report-only) report_only=1 ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
        *) echo "run-benchmarks.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    esac
done

kept=$repo/benchmarks/target/benchmark-results
if [ "$report_only" -eq 1 ]; then
    [ -f "$kept/environment.md" ] || { echo "run-benchmarks.sh: no kept results in $kept; run it without --report-only first" >&2; exit 1; }
    java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.report.ReportWriter "$kept" \
        "$repo/benchmarks/BENCHMARKS.md" "$repo/benchmarks/analysis" "$kept/environment.md"
    echo "== rewrote benchmarks/BENCHMARKS.md from $kept" >&2
    exit 0
fi

stun_port=34840
for tool in java turnserver turnutils_stunclient; do
    command -v "$tool" >/dev/null || { echo "run-benchmarks.sh: $tool is required" >&2; exit 1; }
done
root=0
if [ "$(id -u)" -eq 0 ]; then
    root=1
    for tool in wireguard-go wg ip curl jq jcmd; do
        command -v "$tool" >/dev/null || { echo "run-benchmarks.sh: $tool is required when run as root" >&2; exit 1; }
    done
else
    echo "run-benchmarks.sh: not root: the WireGuard rows (3), event-to-WireGuard rows (4) and the raw-socket" \
        "STUN row (1c) will be marked not measured; run it as root for every row" >&2
fi

if [ "$build" -eq 1 ]; then
    echo "== building bootstrap (agent jar) and benchmarks" >&2
    # shellcheck disable=SC2086 # MVN_FLAGS holds several flags on purpose.
    mvn ${MVN_FLAGS:--B -q} -pl bootstrap,benchmarks -am package -DskipTests
fi

# In the tree, not /tmp: the QEMU guest of rows 3e/3f gets a /tmp of its own and must see the jars.
mkdir -p benchmarks/target
work=$(mktemp -d "$PWD/benchmarks/target/pxb-run.XXXXXX")
results=$work/results
mkdir -p "$results"
# Private copies: a rebuild while this runs must not pull classes from under the running JVMs.
cp benchmarks/target/benchmarks.jar "$work/benchmarks.jar"
cp bootstrap/target/peerexchange.jar "$work/peerexchange.jar"
jar=$work/benchmarks.jar
agent_jar=$work/peerexchange.jar
launcher=$repo/bootstrap/bin/peerexchange
coturn_pid=

cleanup() {
    if [ -n "$coturn_pid" ]; then
        kill "$coturn_pid" 2>/dev/null || true
        wait "$coturn_pid" 2>/dev/null || true
    fi
    if [ "$root" -eq 1 ]; then
        ip netns del pxb-wg 2>/dev/null || true
        ip netns del pxb-agent 2>/dev/null || true
        ip netns del pxb-pmr 2>/dev/null || true
        ip netns del pxb-pmc 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Harnesses that start agents through the lab's AgentProcess find the launcher by this property.
run_java() { java -Dpxb.results="$results" -Dpeerexchange.launcher="$launcher" -cp "$jar" "$@"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "== coturn on 127.0.0.1:$stun_port" >&2
turnserver -n --stun-only --no-cli --no-tls --no-dtls -L 127.0.0.1 -p "$stun_port" --log-file stdout \
    --simple-log --pidfile "$work/turnserver.pid" --userdb "$work/turndb" >"$work/turnserver.log" 2>&1 &
coturn_pid=$!
# turnutils_stunclient never retransmits: a request sent before coturn listens waits forever.
coturn_up=0
for _ in $(seq 50); do
    if timeout 1 turnutils_stunclient -p "$stun_port" 127.0.0.1 >/dev/null 2>&1; then
        coturn_up=1
        break
    fi
    sleep 0.1
done
[ "$coturn_up" -eq 1 ] || { echo "coturn did not answer on 127.0.0.1:$stun_port" >&2; cat "$work/turnserver.log" >&2; exit 1; }

if [ "$quick" -eq 1 ]; then
    jmh_opts=(-wi 1 -i 2 -w 1 -r 1)
    sse_mb=110; events=1000; wg_peers=10000; agent_events=100; starts=2; rss_seconds=10; relay_seconds=3
    path_runs=1; idle_runs=1; portmap_runs=3; relayed_starts=1
else
    jmh_opts=()
    sse_mb=110; events=10000; wg_peers=10000; agent_events=1000; starts=5; rss_seconds=60; relay_seconds=10
    path_runs=3; idle_runs=5; portmap_runs=10; relayed_starts=2
fi
stun_params=()
[ "$root" -eq 1 ] || stun_params=(-p method=BOUND)

echo "== 1. STUN (JMH: decode, loopback discovery; turnutils_stunclient)" >&2
jmh_stun="java -jar benchmarks/target/benchmarks.jar 'io.peerexchange.benchmarks.stun' -jvmArgsAppend -Dpxb.stun.port=$stun_port -rf json"
java -jar "$jar" 'io.peerexchange.benchmarks.stun' "${jmh_opts[@]}" "${stun_params[@]}" \
    -jvmArgsAppend "-Dpxb.stun.port=$stun_port" -rf json -rff "$work/jmh-stun.json" >"$work/jmh-stun.log"
run_java io.peerexchange.benchmarks.stun.StunRows "$work/jmh-stun.json" "$stun_port" "$jmh_stun"

echo "== 2. SSE (JMH: parser vs LaunchDarkly; loopback latency)" >&2
jmh_sse="java -jar benchmarks/target/benchmarks.jar SseParserBenchmark -p megabytes=$sse_mb -rf json"
java -jar "$jar" SseParserBenchmark -p "megabytes=$sse_mb" "${jmh_opts[@]}" -rf json -rff "$work/jmh-sse.json" \
    >"$work/jmh-sse.log"
run_java io.peerexchange.benchmarks.sse.SseParserRows "$work/jmh-sse.json" "$sse_mb" "$jmh_sse"
run_java io.peerexchange.benchmarks.sse.SseLatencyHarness "$events" \
    "java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.sse.SseLatencyHarness $events"

echo "== 3. WireGuard (10,000 peers on wireguard-go)" >&2
wg_cmd="java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.wireguard.WireGuardGoHarness $wg_peers"
if [ "$root" -eq 1 ]; then
    java -XX:StartFlightRecording=filename="$work/wg.jfr",settings=profile -Dpxb.results="$results" -cp "$jar" \
        io.peerexchange.benchmarks.wireguard.WireGuardGoHarness "$wg_peers" "$wg_cmd" 2>"$work/wg.log" \
        || { cat "$work/wg.log" >&2; exit 1; }
    run_java io.peerexchange.benchmarks.profile.JfrHotMethods "$work/wg.jfr" \
        "$results/3b-wg-changed-vs-single.profile.md" main
else
    run_java io.peerexchange.benchmarks.wireguard.WireGuardGoHarness "$wg_peers" "$wg_cmd"
fi

echo "== 3e/3f. WireGuard in the kernel: 10,000 peers through netlink in a QEMU guest (devtools VM lab)" >&2
run_java io.peerexchange.benchmarks.wireguard.KernelNetlinkHarness "$wg_peers" \
    "java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.wireguard.KernelNetlinkHarness $wg_peers"

echo "== 4. Event to WireGuard (agent jar, reference control plane, wireguard-go)" >&2
event_cmd="java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.agent.EventToWireGuardHarness bootstrap/target/peerexchange.jar bootstrap/bin/peerexchange $stun_port $agent_events"
if [ "$root" -eq 1 ]; then
    java -Dpxb.agent.jfr="$work/agent.jfr" -Dpxb.results="$results" -cp "$jar" \
        io.peerexchange.benchmarks.agent.EventToWireGuardHarness "$agent_jar" "$launcher" "$stun_port" \
        "$agent_events" "$event_cmd"
    run_java io.peerexchange.benchmarks.profile.JfrHotMethods "$work/agent.jfr" \
        "$results/4b-event-to-wg-p99.profile.md"
else
    run_java io.peerexchange.benchmarks.agent.EventToWireGuardHarness "$agent_jar" "$launcher" "$stun_port" \
        "$agent_events" "$event_cmd"
fi

echo "== 5. The agent: start to first report, RSS after $rss_seconds s, JVM flag variants" >&2
run_java io.peerexchange.benchmarks.agent.AgentFootprintHarness "$agent_jar" "$launcher" "$stun_port" \
    "$starts" "$rss_seconds" \
    "java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.agent.AgentFootprintHarness bootstrap/target/peerexchange.jar bootstrap/bin/peerexchange $stun_port $starts $rss_seconds"

echo "== 5c. The agent with the metrics endpoint on: own exposition vs the Prometheus Java client, RSS after $rss_seconds s" >&2
run_java io.peerexchange.benchmarks.agent.MetricsFootprintHarness "$agent_jar" "$launcher" "$stun_port" "$rss_seconds" \
    "java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.agent.MetricsFootprintHarness bootstrap/target/peerexchange.jar bootstrap/bin/peerexchange $stun_port $rss_seconds"

echo "== 6. The lab matrix: time to tunnel and to recovery in the NAT lab, with and without connectivity checks" >&2
run_java io.peerexchange.benchmarks.paths.PathHarness "$agent_jar" "$path_runs" "$idle_runs" \
    "java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.paths.PathHarness bootstrap/target/peerexchange.jar $path_runs $idle_runs"

echo "== 7. Relay: iperf3 and ping through the relay proxy and coturn vs the same path direct (relay lab)" >&2
# The relay process is started by the launcher, so it runs with the agent's JVM flags and environment.
java -Dpxb.results="$results" -Dpxb.launcher="$launcher" -cp "$jar" io.peerexchange.benchmarks.relay.RelayHarness "$relay_seconds" \
    "java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.relay.RelayHarness $relay_seconds"

echo "== 7f. The whole agent with one relayed peer (coturn with TURN on 127.0.0.1), RSS after $rss_seconds s vs relay off" >&2
run_java io.peerexchange.benchmarks.agent.RelayedAgentFootprintHarness "$agent_jar" "$launcher" "$stun_port" "$relayed_starts" "$rss_seconds" \
    "java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.agent.RelayedAgentFootprintHarness bootstrap/target/peerexchange.jar bootstrap/bin/peerexchange $stun_port $relayed_starts $rss_seconds"

echo "== 8. Port mapping: ask -> first mapping per protocol at miniupnpd (namespaces pxb-pmr, pxb-pmc)" >&2
run_java io.peerexchange.benchmarks.portmap.PortMapHarness "$jar" "$portmap_runs" \
    "java -cp benchmarks/target/benchmarks.jar io.peerexchange.benchmarks.portmap.PortMapHarness benchmarks/target/benchmarks.jar $portmap_runs"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo "## Environment"
    echo
    echo "- Run: $started → $(date -u +%Y-%m-%dT%H:%M:%SZ)$([ "$quick" -eq 1 ] && echo ' (**--quick**: short iterations, figures not for comparison)'), as $([ "$root" -eq 1 ] && echo root || echo "a normal user (root rows not measured)")."
    echo "- Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r)."
    echo "- $(java -version 2>&1 | head -1); coturn $(turnserver --version 2>/dev/null | head -1 || true); $(wireguard-go --version 2>/dev/null | head -1 || echo 'wireguard-go'); $(wg --version 2>/dev/null || true)."
    echo "- Load average (1, 5, 15 min) before: $load_before; after: $load_after. ${PXB_MACHINE_NOTE:-}"
} >"$work/environment.md"
cp "$work/environment.md" "$results/environment.md"
rm -rf "$kept"
mkdir -p "$(dirname "$kept")"
cp -r "$results" "$kept"
run_java io.peerexchange.benchmarks.report.ReportWriter "$results" "$repo/benchmarks/BENCHMARKS.md" \
    "$repo/benchmarks/analysis" "$results/environment.md"
echo "== wrote benchmarks/BENCHMARKS.md" >&2
