#!/usr/bin/env bash
# The Debian package on this machine (as root): install it with dpkg -i, run the agent's CLI from
# /usr/bin, verify the systemd unit, list lintian's findings, and purge it again, checking that the
# user, the files and the config directory are gone. Called by .ci/run after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

deb=$(ls bootstrap/target/peerexchange_*_all.deb | head -1)
[ -f "$deb" ] || { echo "no package: run mvn package first" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "deb-check needs root (dpkg -i)" >&2; exit 1; }
if dpkg-query -W -f='${Status}' peerexchange 2>/dev/null | grep -q "install ok installed"; then
  echo "peerexchange is installed on this machine already; not touching it" >&2
  exit 1
fi

echo "== lintian $deb"
lintian --tag-display-limit 0 "$deb" || true

cleanup() { dpkg --purge peerexchange >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "== dpkg -i"
dpkg -i "$deb"
test -x /usr/bin/peerexchange
test -f /usr/share/peerexchange/peerexchange.jar
test -f /etc/peerexchange/config.yaml
test -f /usr/share/man/man1/peerexchange.1.gz
test -f /usr/share/bash-completion/completions/peerexchange
getent passwd peerexchange >/dev/null

echo "== peerexchange --version"
/usr/bin/peerexchange --version
echo "== peerexchange config check (the shipped example, with a token file)"
token=$(mktemp)
echo "ci-token" >"$token"
PEEREXCHANGE_TOKEN_FILE=$token /usr/bin/peerexchange config check --config /etc/peerexchange/config.yaml
rm -f "$token"
echo "== man page"
man -l /usr/share/man/man1/peerexchange.1.gz 2>/dev/null | head -5 || zcat /usr/share/man/man1/peerexchange.1.gz | head -5

echo "== systemd-analyze verify"
systemd-analyze verify /lib/systemd/system/peerexchange.service

echo "== dpkg --purge"
trap - EXIT
dpkg --purge peerexchange
if getent passwd peerexchange >/dev/null; then echo "user peerexchange left after purge" >&2; exit 1; fi
for f in /usr/bin/peerexchange /usr/share/peerexchange /etc/peerexchange /lib/systemd/system/peerexchange.service; do
  if [ -e "$f" ]; then echo "$f left after purge" >&2; exit 1; fi
done
echo "deb-check passed"
