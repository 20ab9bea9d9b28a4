# shellcheck shell=bash
# Helpers for nat-lab.sh: the topology of ../../docs/ARCHITECTURE.md#nat-lab under the "pxl"
# prefix, its processes, and the checks. Sourced, not run. Every name the lab creates starts with pxl so cleanup can find it.

LAB_PREFIX=pxl
LAB_NAMESPACES=(pxl-inet pxl-r1 pxl-r2 pxl-p1 pxl-p2)
LAB_WG_IFACES=(pxla pxlb)
LAB_UAPI_DIR=/var/run/wireguard
CP_ADDR=203.0.113.1
CP_PORT=8080
STUN1=203.0.113.1:3478
STUN2=203.0.113.2:3478
# Processes this lab started, by pid; cleanup kills exactly these (and what runs inside our namespaces).
LAB_PIDS=()

log() { printf '[nat-lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# ---- topology ---------------------------------------------------------------------------------

# A router between the shared "internet" bridge and one LAN: WAN $2 (on the bridge), LAN $3/24.
# Port 51820 leaves with a fixed source port ($5: endpoint-independent mapping that changes the
# port, so only STUN from the WireGuard port learns it); everything else is randomised; new inbound
# connections to the router itself are dropped (a punched packet must not create a mapping).
make_router() {
  local ns=$1 wan=$2 lan=$3 bridge_port=$4 snat_port=$5
  ip link add wan netns "$ns" type veth peer name "$bridge_port" netns pxl-inet
  in_ns pxl-inet ip link set "$bridge_port" master pxl-br up
  in_ns "$ns" ip addr add "$wan/24" dev wan
  in_ns "$ns" ip link set wan up
  in_ns "$ns" ip link set lo up
  in_ns "$ns" sysctl -qw net.ipv4.ip_forward=1
  in_ns "$ns" iptables -t nat -A POSTROUTING -o wan -p udp --sport 51820 -j SNAT --to-source "$wan:$snat_port"
  in_ns "$ns" iptables -t nat -A POSTROUTING -o wan -j MASQUERADE --random
  in_ns "$ns" iptables -A INPUT -i wan -m conntrack --ctstate NEW -j DROP
  : "$lan"
}

# A peer on the router's LAN: eth0 $3/24, default route via $4.
make_peer() {
  local peer_ns=$1 router_ns=$2 addr=$3 gateway=$4
  ip link add eth0 netns "$peer_ns" type veth peer name lan netns "$router_ns"
  in_ns "$router_ns" ip addr add "$gateway/24" dev lan
  in_ns "$router_ns" ip link set lan up
  in_ns "$peer_ns" ip addr add "$addr/24" dev eth0
  in_ns "$peer_ns" ip link set eth0 up
  in_ns "$peer_ns" ip link set lo up
  in_ns "$peer_ns" ip route add default via "$gateway"
}

build_topology() {
  local ns
  for ns in "${LAB_NAMESPACES[@]}"; do ip netns add "$ns"; done
  in_ns pxl-inet ip link set lo up
  in_ns pxl-inet ip link add pxl-br type bridge
  in_ns pxl-inet ip addr add 203.0.113.1/24 dev pxl-br
  in_ns pxl-inet ip addr add 203.0.113.2/24 dev pxl-br
  in_ns pxl-inet ip link set pxl-br up
  make_router pxl-r1 203.0.113.10 192.168.1.1 r1 40000
  make_router pxl-r2 203.0.113.20 192.168.2.1 r2 41000
  make_peer pxl-p1 pxl-r1 192.168.1.2 192.168.1.1
  make_peer pxl-p2 pxl-r2 192.168.2.2 192.168.2.1
}

# Both peers on one LAN (192.168.1.2 and .3, a bridge in pxl-r1) behind router 1, which maps their
# WireGuard ports to 40000 and 41000 and does not hairpin: a packet to its own WAN address from
# the LAN is dropped, so only the peers' LAN addresses reach each other (docs/ARCHITECTURE.md#nat-lab-topologies).
build_topology_one_router() {
  local ns p
  for ns in pxl-inet pxl-r1 pxl-p1 pxl-p2; do ip netns add "$ns"; done
  in_ns pxl-inet ip link set lo up
  in_ns pxl-inet ip link add pxl-br type bridge
  in_ns pxl-inet ip addr add 203.0.113.1/24 dev pxl-br
  in_ns pxl-inet ip addr add 203.0.113.2/24 dev pxl-br
  in_ns pxl-inet ip link set pxl-br up
  make_router pxl-r1 203.0.113.10 192.168.1.1 r1 40000
  in_ns pxl-r1 iptables -t nat -R POSTROUTING 1 -o wan -p udp -s 192.168.1.2 --sport 51820 -j SNAT --to-source 203.0.113.10:40000
  in_ns pxl-r1 iptables -t nat -I POSTROUTING 2 -o wan -p udp -s 192.168.1.3 --sport 51820 -j SNAT --to-source 203.0.113.10:41000
  in_ns pxl-r1 iptables -A INPUT -i lan -d 203.0.113.10 -p udp -j DROP
  in_ns pxl-r1 ip link add lan type bridge
  in_ns pxl-r1 ip addr add 192.168.1.1/24 dev lan
  in_ns pxl-r1 ip link set lan up
  for p in 1 2; do
    ip link add eth0 netns "pxl-p$p" type veth peer name "to-p$p" netns pxl-r1
    in_ns pxl-r1 ip link set "to-p$p" master lan up
    in_ns "pxl-p$p" ip addr add "192.168.1.$((p + 1))/24" dev eth0
    in_ns "pxl-p$p" ip link set eth0 up
    in_ns "pxl-p$p" ip link set lo up
    in_ns "pxl-p$p" ip route add default via 192.168.1.1
  done
}

# ---- processes --------------------------------------------------------------------------------

start_bg() { # name logfile command...
  local name=$1 logfile=$2; shift 2
  "$@" >"$logfile" 2>&1 &
  LAB_PIDS+=($!)
  log "started $name (pid $!)"
}

start_stun() { # ip workdir
  local ip=$1 dir=$2
  start_bg "coturn STUN $ip:3478" "$dir/stun-$ip.log" ip netns exec pxl-inet turnserver -n --stun-only \
    -L "$ip" -p 3478 --no-cli --no-tls --no-dtls --no-software-attribute \
    --pidfile "$dir/stun-$ip.pid" --userdb "$dir/stun-$ip.db" --log-file stdout --simple-log
}

# wireguard-go, or with PXL_WG=kernel the kernel's WireGuard (its interface goes with the namespace).
start_wireguard() { # ns iface privkey-file listen-port peer-pub peer-allowed mesh-addr workdir
  local ns=$1 iface=$2 key=$3 port=$4 peer=$5 allowed=$6 addr=$7 dir=$8
  if [ "${PXL_WG:-go}" = kernel ]; then
    in_ns "$ns" ip link add "$iface" type wireguard
  else
    start_bg "wireguard-go $iface in $ns" "$dir/wg-$iface.log" \
      env WG_PROCESS_FOREGROUND=1 ip netns exec "$ns" wireguard-go "$iface"
    wait_until 10 "UAPI socket of $iface" test -S "$LAB_UAPI_DIR/$iface.sock"
    wait_until 10 "interface $iface in $ns" in_ns "$ns" ip link show "$iface"
  fi
  in_ns "$ns" wg set "$iface" private-key "$key" listen-port "$port" \
    peer "$peer" allowed-ips "$allowed" persistent-keepalive 5
  in_ns "$ns" ip addr add "$addr/24" dev "$iface"
  in_ns "$ns" ip link set "$iface" up
}

# ---- control plane ----------------------------------------------------------------------------

# GET on the reference control plane from inside pxl-inet, body only. No curl: a fresh Debian
# machine may lack it, bash's /dev/tcp is always there.
cp_get() {
  in_ns pxl-inet timeout 5 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n" "$3" "$1" >&3
    cat <&3' _ "$CP_ADDR" "$CP_PORT" "$1" | tr -d '\r' | sed '1,/^$/d'
}

# "endpoint nat_type" node $1 reported, or "- -".
reported() { cp_get '/v1/admin/nodes?format=text' | awk -v id="$1" '$1 == id { print $2, $3; found = 1 } END { if (!found) print "- -" }'; }

# ---- WireGuard views --------------------------------------------------------------------------

wg_endpoint() { in_ns "$1" wg show "$2" endpoints 2>/dev/null | awk '{ print $2; exit }'; }
wg_handshake() { in_ns "$1" wg show "$2" latest-handshakes 2>/dev/null | awk '{ print $2; exit }'; }
wg_allowed() { in_ns "$1" wg show "$2" allowed-ips 2>/dev/null | awk '{ print $2; exit }'; }

# ---- waiting ----------------------------------------------------------------------------------

# Runs "$@" every 0.25 s until it succeeds or $1 seconds pass.
wait_until() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { log "timed out after ${seconds}s waiting for $what"; return 1; }
    sleep 0.25
  done
}

# Milliseconds since the epoch, for the phase timings.
now_ms() { date +%s%3N; }
# Seconds from $1 to $2 (both from now_ms), one decimal.
elapsed() { printf '%d.%d' $((($2 - $1) / 1000)) $((($2 - $1) % 1000 / 100)); }

# ---- cleanup ----------------------------------------------------------------------------------

# Kills what the lab started and everything still running inside its namespaces, deletes the
# namespaces (their veths and bridge go with them) and the wireguard-go sockets. Safe to repeat.
cleanup_lab() {
  local pid ns iface
  for pid in "${LAB_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for ns in "${LAB_NAMESPACES[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  done
  local deadline=$((SECONDS + 5))
  for pid in "${LAB_PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  for ns in "${LAB_NAMESPACES[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  for iface in "${LAB_WG_IFACES[@]}"; do rm -f "$LAB_UAPI_DIR/$iface.sock"; done
  wait 2>/dev/null || true
}

# Lists whatever of the lab is still there; empty output means clean.
leftovers() {
  ip netns list 2>/dev/null | awk '{ print $1 }' | grep "^$LAB_PREFIX-" | sed 's/^/namespace /'
  ip -o link show 2>/dev/null | awk -F': ' '{ print $2 }' | sed 's/@.*//' | grep "^$LAB_PREFIX" | sed 's/^/interface /'
  local iface pid
  for iface in "${LAB_WG_IFACES[@]}"; do
    [ -e "$LAB_UAPI_DIR/$iface.sock" ] && echo "socket $LAB_UAPI_DIR/$iface.sock"
  done
  for pid in "${LAB_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null && echo "process $pid"
  done
  return 0
}
