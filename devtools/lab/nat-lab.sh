#!/usr/bin/env bash
# The NAT lab (../../docs/ARCHITECTURE.md#nat-lab): two peers, each behind its own NAT router,
# get a WireGuard tunnel from nothing but what two peerexchange agents discover (STUN from the
# WireGuard port) and exchange (the reference control plane). Three phases, each asserted:
#   1. within 30 s: both agents report their router's mapping as full_cone, each WireGuard holds
#      the other's public endpoint, a handshake happened, ping crosses the tunnel;
#   2. router 2 moves peer B's mapping to a new port and forgets its connections: B rediscovers on
#      refresh, the event reaches A, the tunnel is back within refresh + 10 s;
#   3. router 1 becomes a symmetric NAT: agent A reports nat_type symmetric.
# Everything is named pxl*; namespaces, interfaces and processes are removed on exit, also after
# a failure, and the script checks that nothing is left.
#
# With --topology one-router both peers sit on one LAN behind router 1, which does not hairpin:
# only phase 1 runs, and the tunnel can only use the peers' LAN addresses (connectivity checks).
#
# usage: nat-lab.sh [--manual] [--topology two-nats|one-router]      (as root)
#   --manual   topology check without agents: endpoints are written into WireGuard by hand
# env: PXL_JAR           the agent jar        (default bootstrap/target/peerexchange.jar)
#      PXL_CP_CLASSPATH  control plane classpath (default devtools/target/devtools.jar)
#      PXL_SIGNED=0      do not sign control-plane events
#      PXL_KEEP=1        keep the work directory (keys, logs) after the run
#      PXL_WG=kernel     kernel WireGuard and --wg-backend netlink instead of wireguard-go and uapi
#      PXL_SLACK=N       N more seconds for every phase (slow machines, e.g. an emulated guest)
#      PXL_STATUS_OUT=DIR after phase 1, write each agent's `status --json`, its table and its
#                        `status --check ready` exit code to DIR (status-a.json, status-a.txt, ready-a.rc …)
#      PXL_PHASES=1      stop after phase 1 (and the status capture)
#      PXL_OUTAGE=1      with PXL_STATUS_OUT: the agents poll after 3 s every 2 s; after the capture the
#                        control plane is stopped until agent a's `status --check ready` fails, then
#                        started again until it passes (outage-a.rc/.err, recovered-a.rc/.err in DIR)
#      PXL_CONNECTIVITY_CHECKS=false  the agents run with connectivity_checks: false
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=lib.sh
source "$here/lib.sh"

MODE=agents
TOPOLOGY=two-nats
while (($#)); do
  case "$1" in
    --manual) MODE=manual ;;
    --topology)
      TOPOLOGY=${2:-}
      shift
      case "$TOPOLOGY" in two-nats|one-router) ;; *) echo "--topology is two-nats or one-router" >&2; exit 2 ;; esac ;;
    *) echo "usage: $0 [--manual] [--topology two-nats|one-router]" >&2; exit 2 ;;
  esac
  shift
done
JAR=${PXL_JAR:-$root/bootstrap/target/peerexchange.jar}
CP_CLASSPATH=${PXL_CP_CLASSPATH:-$root/devtools/target/devtools.jar}
SIGNED=${PXL_SIGNED:-1}
WG=${PXL_WG:-go}
SLACK=${PXL_SLACK:-0}
OUTAGE=${PXL_OUTAGE:-0}
POLL_AFTER=3
POLL_INTERVAL=2
REFRESH=10
PHASE1_LIMIT=$((30 + SLACK))
RECOVERY_LIMIT=$((REFRESH + 10 + SLACK))
case "$WG" in
  go) BACKEND=uapi ;;
  kernel) BACKEND=netlink ;;
  *) echo "PXL_WG must be go or kernel, not $WG" >&2; exit 2 ;;
esac

[ "$(id -u)" = 0 ] || die "the NAT lab needs root (network namespaces, iptables, wireguard-go)"
tools=(ip iptables conntrack wg turnserver java ping awk timeout)
[ "$WG" = go ] && tools+=(wireguard-go)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || die "missing tool: $tool (Debian: wireguard-go wireguard-tools coturn iptables iproute2 conntrack iputils-ping)"
done
if [ "$WG" = go ]; then
  [ -c /dev/net/tun ] || die "/dev/net/tun is missing (wireguard-go needs it)"
else
  ip link add pxl-probe type wireguard 2>/dev/null || die "this kernel has no WireGuard (PXL_WG=kernel)"
  ip link del pxl-probe
fi
[ -f "${CP_CLASSPATH%%:*}" ] || [ -d "${CP_CLASSPATH%%:*}" ] || die "control plane not built: $CP_CLASSPATH (mvn -B -DskipTests package)"
if [ "$MODE" = agents ]; then
  [ -f "$JAR" ] || die "agent jar not built: $JAR (mvn -B -DskipTests package)"
fi

if [ -n "$(leftovers)" ]; then
  log "removing leftovers of an earlier run: $(leftovers | tr '\n' ' ')"
  cleanup_lab
fi

WORK=$(mktemp -d /tmp/pxl-lab.XXXXXX)
SUMMARY=$WORK/summary.txt
: >"$SUMMARY"
summary() { printf '%s\n' "$*" >>"$SUMMARY"; }

diagnostics() {
  log "diagnostics follow"
  local f
  for f in "$WORK"/agent-*.log "$WORK"/control-plane.log; do
    [ -f "$f" ] || continue
    echo "===== $(basename "$f") (last 150 lines) ====="
    tail -n 150 "$f"
  done
  echo "===== control plane: reported endpoints ====="
  cp_get /v1/admin/nodes 2>/dev/null || echo "(control plane unreachable)"
  echo
  local ns iface
  for pair in pxl-p1:pxla pxl-p2:pxlb; do
    ns=${pair%%:*}; iface=${pair##*:}
    echo "===== wg show $iface (in $ns) ====="
    in_ns "$ns" wg show "$iface" 2>&1 || true
  done
  for ns in pxl-r1 pxl-r2; do
    echo "===== $ns: NAT rules and UDP mappings ====="
    in_ns "$ns" iptables -t nat -S POSTROUTING 2>&1 || true
    in_ns "$ns" conntrack -L -p udp 2>/dev/null || true
  done
} >&2

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$rc" -ne 0 ]; then diagnostics; fi
  cleanup_lab
  local left
  left=$(leftovers)
  if [ -n "$left" ]; then
    log "FAIL: left behind after cleanup: $(echo "$left" | tr '\n' ' ')"
    rc=1
  else
    log "cleanup complete: no pxl namespace, interface, socket or process left"
  fi
  if [ "${PXL_KEEP:-0}" = 1 ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap on_exit EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---- keys, nodes, topology --------------------------------------------------------------------

umask 077
for node in a b; do
  wg genkey >"$WORK/$node.key"
  wg pubkey <"$WORK/$node.key" >"$WORK/$node.pub"
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/$node.token"
done
# The agents run from a private copy: a rebuild of bootstrap during the run rewrites the jar, and a
# JVM that loads a class from a rewritten jar fails with NoClassDefFoundError.
if [ "$MODE" = agents ]; then
  cp "$JAR" "$WORK/peerexchange.jar"
  JAR=$WORK/peerexchange.jar
fi
PUB_A=$(cat "$WORK/a.pub")
PUB_B=$(cat "$WORK/b.pub")
cat >"$WORK/nodes.json" <<JSON
{"nodes":[
  {"id":"a","token":"$(cat "$WORK/a.token")","public_key":"$PUB_A","mesh_ip":"10.99.0.1","allowed_ips":["10.99.0.1/32"]},
  {"id":"b","token":"$(cat "$WORK/b.token")","public_key":"$PUB_B","mesh_ip":"10.99.0.2","allowed_ips":["10.99.0.2/32"]}
]}
JSON

log "building the $TOPOLOGY topology"
if [ "$TOPOLOGY" = one-router ]; then
  build_topology_one_router
  PEER_B_LAN=192.168.1.3
  B_MAPPING=203.0.113.10:41000
else
  build_topology
  PEER_B_LAN=192.168.2.2
  B_MAPPING=203.0.113.20:41000
fi
start_stun 203.0.113.1 "$WORK"
start_stun 203.0.113.2 "$WORK"
cp_args=(--listen "$CP_ADDR:$CP_PORT" --nodes "$WORK/nodes.json")
if [ "$SIGNED" = 1 ]; then
  cp_args+=(--signing-key-file "$WORK/signing.seed" --generate-signing-key --write-public-key "$WORK/signing.pub")
fi
start_control_plane() { # logfile
  start_bg "reference control plane" "$1" ip netns exec pxl-inet \
    java -cp "$CP_CLASSPATH" io.peerexchange.devtools.controlplane.ReferenceControlPlane "${cp_args[@]}"
  CP_PID=${LAB_PIDS[-1]}
}
start_control_plane "$WORK/control-plane.log"
cp_up() { cp_get '/v1/admin/nodes?format=text' | grep -q '^a '; }
wait_until 30 "the control plane" cp_up || die "the reference control plane did not come up"
stun_up() { in_ns pxl-inet ss -lnu | grep -q "$1"; }
wait_until 10 "STUN $STUN1" stun_up "$STUN1" || die "coturn did not listen on $STUN1"
wait_until 10 "STUN $STUN2" stun_up "$STUN2" || die "coturn did not listen on $STUN2"

start_wireguard pxl-p1 pxla "$WORK/a.key" 51820 "$PUB_B" 10.99.0.2/32 10.99.0.1 "$WORK"
start_wireguard pxl-p2 pxlb "$WORK/b.key" 51820 "$PUB_A" 10.99.0.1/32 10.99.0.2 "$WORK"
log "topology ready: WireGuard configured with keys and allowed IPs, no endpoints"

# ---- checks -----------------------------------------------------------------------------------

# Prints what is not (yet) as expected for phase 1; empty means all good.
phase1_gaps() {
  local a b
  a=$(reported a); b=$(reported b)
  [ "$MODE" = manual ] || [ "$a" = "203.0.113.10:40000 full_cone" ] || echo "a reported '$a'"
  [ "$MODE" = manual ] || [ "$b" = "$B_MAPPING full_cone" ] || echo "b reported '$b'"
  if [ "$TOPOLOGY" = two-nats ]; then
    [ "$(wg_endpoint pxl-p1 pxla)" = 203.0.113.20:41000 ] || echo "pxla holds '$(wg_endpoint pxl-p1 pxla)'"
    [ "$(wg_endpoint pxl-p2 pxlb)" = 203.0.113.10:40000 ] || echo "pxlb holds '$(wg_endpoint pxl-p2 pxlb)'"
  fi
  [ "$(wg_handshake pxl-p1 pxla)" != 0 ] || echo "pxla: no handshake"
  [ "$(wg_handshake pxl-p2 pxlb)" != 0 ] || echo "pxlb: no handshake"
  [ "$(wg_allowed pxl-p1 pxla)" = 10.99.0.2/32 ] || echo "pxla allowed IPs '$(wg_allowed pxl-p1 pxla)'"
  [ "$(wg_allowed pxl-p2 pxlb)" = 10.99.0.1/32 ] || echo "pxlb allowed IPs '$(wg_allowed pxl-p2 pxlb)'"
  in_ns pxl-p1 ping -c 1 -W 1 10.99.0.2 >/dev/null 2>&1 || echo "no ping 10.99.0.1 -> 10.99.0.2"
}
phase1_done() { [ -z "$(phase1_gaps)" ]; }

# Describes one WireGuard's view of its peer for the summary.
wg_view() { # ns iface peer-name
  local endpoint handshake age
  endpoint=$(wg_endpoint "$1" "$2")
  handshake=$(wg_handshake "$1" "$2")
  if [ "${handshake:-0}" = 0 ]; then age="never"; else age="$(($(date +%s) - handshake)) s ago"; fi
  printf '  WireGuard %-4s holds peer %s at %-20s last handshake %s\n' "$2" "$3" "${endpoint:-(none)}" "$age"
}

start_agent() { # node ns iface
  local node=$1 ns=$2 iface=$3
  local args=(run --node-id "$node" --control-plane-url "http://$CP_ADDR:$CP_PORT" --allow-http
    --token-file "$WORK/$node.token" --interface "$iface" --listen-port 51820 --wg-backend "$BACKEND"
    --stun-server "$STUN1" --stun-server "$STUN2" --refresh-interval "${REFRESH}s" --log-format text
    --control-socket "$WORK/agent-$node.sock")
  if [ "$SIGNED" = 1 ]; then args+=(--signing-key "$(cat "$WORK/signing.pub")"); fi
  if [ "$OUTAGE" = 1 ]; then args+=(--poll-after "${POLL_AFTER}s" --poll-interval "${POLL_INTERVAL}s"); fi
  local checks=()
  [ -z "${PXL_CONNECTIVITY_CHECKS:-}" ] || checks=(env "PEEREXCHANGE_CONNECTIVITY_CHECKS=$PXL_CONNECTIVITY_CHECKS")
  start_bg "agent $node in $ns" "$WORK/agent-$node.log" ip netns exec "$ns" "${checks[@]}" java -jar "$JAR" "${args[@]}"
}

# ---- phase 1 ----------------------------------------------------------------------------------

if [ "$TOPOLOGY" = one-router ]; then
  summary "NAT lab, one router: peers A (192.168.1.2) and B (192.168.1.3) on one LAN behind router 1 (203.0.113.10, no hairpin)"
else
  summary "NAT lab: peer A (192.168.1.2) behind router 1 (203.0.113.10), peer B (192.168.2.2) behind router 2 (203.0.113.20)"
fi
[ "$WG" = go ] || summary "WireGuard: the kernel's (agents use --wg-backend netlink)"
summary "STUN servers $STUN1 and $STUN2 (coturn); reference control plane http://$CP_ADDR:$CP_PORT$([ "$SIGNED" = 1 ] && echo ', events signed with Ed25519')"
summary ""
t0=$(now_ms)
if [ "$MODE" = manual ]; then
  log "manual mode: writing the routers' mappings into WireGuard by hand"
  if [ "$TOPOLOGY" = one-router ]; then
    in_ns pxl-p1 wg set pxla peer "$PUB_B" endpoint "$PEER_B_LAN:51820"
    in_ns pxl-p2 wg set pxlb peer "$PUB_A" endpoint 192.168.1.2:51820
  else
    in_ns pxl-p1 wg set pxla peer "$PUB_B" endpoint 203.0.113.20:41000
    in_ns pxl-p2 wg set pxlb peer "$PUB_A" endpoint 203.0.113.10:40000
  fi
else
  start_agent a pxl-p1 pxla
  start_agent b pxl-p2 pxlb
fi
log "phase 1: waiting up to ${PHASE1_LIMIT}s for discovery, exchange, handshake and ping"
if ! wait_until "$PHASE1_LIMIT" "phase 1" phase1_done; then
  gaps=$(phase1_gaps | tr '\n' ';')
  summary "Phase 1 FAILED: no working tunnel within ${PHASE1_LIMIT} s: $gaps"
  cat "$SUMMARY"
  die "phase 1: no working tunnel within ${PHASE1_LIMIT}s ($gaps)"
fi
t1=$(now_ms)
ping_out=$(in_ns pxl-p1 ping -c 3 -W 1 10.99.0.2) || die "phase 1: ping -c 3 across the tunnel failed"
rtt=$(printf '%s\n' "$ping_out" | awk -F' = ' '/^rtt/ { split($2, v, "/"); printf "min %s / avg %s / max %s ms", v[1], v[2], v[3] }')
received=$(printf '%s\n' "$ping_out" | awk '/packets transmitted/ { print $4 }')
summary "Phase 1: tunnel up $(elapsed "$t0" "$t1") s after the agents started"
read -r ep_a nat_a <<<"$(reported a)"
read -r ep_b nat_b <<<"$(reported b)"
summary "  node a discovered $(printf '%-20s' "$ep_a") NAT type $nat_a   (router 1 maps 51820 -> 40000)"
summary "  node b discovered $(printf '%-20s' "$ep_b") NAT type $nat_b   (router $([ "$TOPOLOGY" = one-router ] && echo 1 || echo 2) maps 51820 -> 41000)"
summary "$(wg_view pxl-p1 pxla b)"
summary "$(wg_view pxl-p2 pxlb a)"
summary "  ping 10.99.0.1 -> 10.99.0.2 across $([ "$TOPOLOGY" = one-router ] && echo "the LAN" || echo "both NATs"): $received/3 replies, rtt $rtt"
log "phase 1 passed"

if [ "$MODE" = manual ]; then
  cat "$SUMMARY"
  exit 0
fi
if [ "$TOPOLOGY" = one-router ]; then
  summary ""
  summary "Phase 1 passed (the other phases need two routers)."
  echo
  cat "$SUMMARY"
  exit 0
fi

if [ -n "${PXL_STATUS_OUT:-}" ]; then
  mkdir -p "$PXL_STATUS_OUT"
  for node in a b; do
    sock=(--control-socket "$WORK/agent-$node.sock")
    java -jar "$JAR" status --json "${sock[@]}" >"$PXL_STATUS_OUT/status-$node.json" || die "status --json of agent $node failed"
    java -jar "$JAR" status "${sock[@]}" >"$PXL_STATUS_OUT/status-$node.txt" || die "status of agent $node failed"
    rc=0
    java -jar "$JAR" status --check ready "${sock[@]}" 2>>"$PXL_STATUS_OUT/ready-$node.err" || rc=$?
    echo "$rc" >"$PXL_STATUS_OUT/ready-$node.rc"
  done
  log "agent status written to $PXL_STATUS_OUT"
  if [ "$OUTAGE" = 1 ]; then
    # Stream grace (10 s), then the fallback's poll_after and three missed polls, with room to spare.
    OUTAGE_LIMIT=$((10 + POLL_AFTER + 4 * POLL_INTERVAL + 10 + SLACK))
    ready_a() { # rc-file err-file
      local rc=0
      java -jar "$JAR" status --check ready --control-socket "$WORK/agent-a.sock" 2>"$2" || rc=$?
      echo "$rc" >"$1"
      [ "$rc" = 0 ]
    }
    not_ready_a() { ! ready_a "$@"; }
    log "outage: stopping the control plane (pid $CP_PID)"
    kill "$CP_PID"
    wait "$CP_PID" 2>/dev/null || true
    t_down=$(now_ms)
    wait_until "$OUTAGE_LIMIT" "agent a not ready" \
      not_ready_a "$PXL_STATUS_OUT/outage-a.rc" "$PXL_STATUS_OUT/outage-a.err" || true
    summary "Outage: agent a not ready $(elapsed "$t_down" "$(now_ms)") s after the control plane stopped: $(cat "$PXL_STATUS_OUT/outage-a.err")"
    start_control_plane "$WORK/control-plane-restarted.log"
    wait_until 30 "the restarted control plane" cp_up || die "the reference control plane did not come back"
    t_up=$(now_ms)
    wait_until "$OUTAGE_LIMIT" "agent a ready again" \
      ready_a "$PXL_STATUS_OUT/recovered-a.rc" "$PXL_STATUS_OUT/recovered-a.err" || true
    summary "Outage: agent a ready again $(elapsed "$t_up" "$(now_ms)") s after the control plane came back"
  fi
fi
if [ "${PXL_PHASES:-3}" = 1 ]; then
  cat "$SUMMARY"
  exit 0
fi

FAILED=()

# ---- phase 2 ----------------------------------------------------------------------------------

log "phase 2: router 2 moves B's mapping 41000 -> 42000 and forgets all connections (conntrack -F)"
in_ns pxl-r2 iptables -t nat -R POSTROUTING 1 -o wan -p udp --sport 51820 -j SNAT --to-source 203.0.113.20:42000
in_ns pxl-r2 conntrack -F >/dev/null 2>&1
t2=$(now_ms)
phase2_done() {
  [ "$(reported b)" = "203.0.113.20:42000 full_cone" ] &&
    [ "$(wg_endpoint pxl-p1 pxla)" = 203.0.113.20:42000 ] &&
    in_ns pxl-p1 ping -c 1 -W 1 10.99.0.2
}
summary "Phase 2: router 2 remapped B's WireGuard port to 203.0.113.20:42000 and flushed its connections"
if wait_until "$RECOVERY_LIMIT" "phase 2" phase2_done; then
  t3=$(now_ms)
  summary "  B rediscovered $(reported b | awk '{ print $1 }'), A's WireGuard now holds $(wg_endpoint pxl-p1 pxla); tunnel back after $(elapsed "$t2" "$t3") s (limit ${RECOVERY_LIMIT} s)"
  log "phase 2 passed"
else
  summary "  FAILED: after ${RECOVERY_LIMIT} s (refresh ${REFRESH} s + 10 s) b reported '$(reported b)', A's WireGuard holds '$(wg_endpoint pxl-p1 pxla)', ping $(in_ns pxl-p1 ping -c 1 -W 1 10.99.0.2 >/dev/null 2>&1 && echo ok || echo failed)"
  log "phase 2 FAILED: tunnel not back within ${RECOVERY_LIMIT}s"
  FAILED+=(2)
fi

# ---- phase 3 ----------------------------------------------------------------------------------

# Only the UDP mappings are forgotten here: the point is that 51820 now gets a new random port per
# destination, which applies to new mappings only.
log "phase 3: router 1 becomes a symmetric NAT (MASQUERADE --random for 51820 too)"
in_ns pxl-r1 iptables -t nat -R POSTROUTING 1 -o wan -p udp --sport 51820 -j MASQUERADE --random
in_ns pxl-r1 conntrack -D -p udp >/dev/null 2>&1 || true
t4=$(now_ms)
phase3_done() { [ "$(reported a | awk '{ print $2 }')" = symmetric ]; }
summary "Phase 3: router 1 made symmetric (a new random port per destination)"
if wait_until "$RECOVERY_LIMIT" "phase 3" phase3_done; then
  t5=$(now_ms)
  summary "  node a reported $(reported a | awk '{ print $1 }') with NAT type symmetric after $(elapsed "$t4" "$t5") s"
  log "phase 3 passed"
else
  summary "  FAILED: after ${RECOVERY_LIMIT} s node a reported '$(reported a)', expected NAT type symmetric"
  log "phase 3 FAILED"
  FAILED+=(3)
fi

summary ""
if ((${#FAILED[@]})); then
  summary "FAILED phases: ${FAILED[*]}"
  echo
  cat "$SUMMARY"
  exit 1
fi
summary "All phases passed."
echo
cat "$SUMMARY"
