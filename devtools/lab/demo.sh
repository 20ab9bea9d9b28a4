#!/usr/bin/env bash
# The NAT lab as a demo, in one command on a fresh Debian machine (as root, or with sudo):
# installs the Debian packages it needs when they are missing (one apt-get update at most),
# builds the agent and the reference control plane when their jars are missing, runs the lab
# and prints its summaries: each node's discovered endpoint and NAT type, the endpoints each
# WireGuard holds, handshake age, ping round trip, the two follow-up phases, and the one-router case.
#
# usage: devtools/lab/demo.sh                  the NAT lab
#        devtools/lab/demo.sh --port-mapping   the port-mapping lab instead: peer A behind a symmetric
#                                              NAT whose router runs miniupnpd (PortMapLabTest)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "demo.sh needs root (network namespaces); run it as root" >&2; exit 1; }
  exec sudo --preserve-env=PATH,JAVA_HOME "$0" "$@"
fi

say() { printf '==> %s\n' "$*"; }

packages=(wireguard-go wireguard-tools coturn iptables iproute2 conntrack iputils-ping)
[ "${1:-}" = --port-mapping ] && packages+=(miniupnpd-iptables miniupnpc natpmpc)
command -v java >/dev/null || packages+=(default-jdk-headless)
command -v mvn >/dev/null || packages+=(maven)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages present: ${packages[*]}"
fi

# wireguard-go needs the TUN device; minimal machines and containers may lack the node.
if [ ! -c /dev/net/tun ]; then
  mkdir -p /dev/net && mknod /dev/net/tun c 10 200 && chmod 600 /dev/net/tun
fi

if [ ! -f "$root/bootstrap/target/peerexchange.jar" ] || [ ! -f "$root/devtools/target/devtools.jar" ]; then
  say "building (mvn -B -q -DskipTests package)"
  (cd "$root" && mvn -B -q -DskipTests package)
else
  say "jars present: bootstrap/target/peerexchange.jar, devtools/target/devtools.jar"
fi

# The port-mapping lab (docs/ARCHITECTURE.md#port-mapping-lab): its one test class, under the lab lock,
# printing the tunnel, mapping and release figures each case measured.
portmap_lab() {
  say "running the port-mapping lab: pcp, natpmp, upnp each forced, none, a router restart, no service (about 90 s)"
  local out rc=0
  out=$(cd "$root" && flock /tmp/px-lab.lock mvn -B -q -pl devtools -am test -Dtest=PortMapLabTest \
    -Dsurefire.failIfNoSpecifiedTests=false 2>&1) || rc=$?
  grep -h '^\[portmap-lab\]' "$root"/devtools/target/surefire-reports/*PortMapLabTest*-output.txt 2>/dev/null || true
  if [ "$rc" -ne 0 ]; then
    printf '%s\n' "$out" | tail -n 40
    say "port-mapping lab FAILED"
    return 1
  fi
  say "port-mapping lab passed: every tunnel up, every mapping released, nothing left"
}

if [ "${1:-}" = --port-mapping ]; then
  portmap_lab
  exit $?
fi

# (a) two NATs: the tunnel comes up; (e) router 2 remaps B's WireGuard port and flushes conntrack:
# the agents follow; router 1 turns symmetric. Then (b) both peers behind one router that does not
# hairpin: only the peers' LAN addresses work (docs/ARCHITECTURE.md#nat-lab-topologies).
failed=()
say "running the NAT lab: (a) two NATs, (e) a remap, a symmetric router (about 40 s)"
"$root/devtools/lab/nat-lab.sh" || failed+=("two NATs")
say "running the NAT lab: (b) both peers behind one router without hairpin (about 20 s)"
"$root/devtools/lab/nat-lab.sh" --topology one-router || failed+=("one router")
if ((${#failed[@]})); then
  say "failed: ${failed[*]}"
  exit 1
fi
say "all cases passed"
