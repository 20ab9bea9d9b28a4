#!/bin/sh
# Runs one command as root in a QEMU guest booting Debian's cloud kernel (kernel WireGuard), with the
# host's root file system read-only under a tmpfs overlay. See docs/KERNEL-VM.md.
#   devtools/vm/run-in-guest.sh [--timeout SECONDS] [--memory MIB] [--cpus N] [--accel kvm|tcg]
#                               [--env KEY=VALUE]... [--] COMMAND [ARG]...
# env: PEEREXCHANGE_VM_CACHE (default /var/cache/peerexchange-vm), PEEREXCHANGE_VM_ACCEL,
#      PEEREXCHANGE_VM_KERNEL_PACKAGE (default: what linux-image-cloud-amd64 depends on)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jar=${PXK_DEVTOOLS_JAR:-$here/../target/devtools.jar}
[ -f "$jar" ] || { echo "run-in-guest: $jar not built (mvn -B -q -pl devtools -am -DskipTests package)" >&2; exit 125; }
exec java -cp "$jar" io.peerexchange.devtools.vm.GuestVmMain "$@"
