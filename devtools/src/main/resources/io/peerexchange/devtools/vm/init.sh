#!/bin/busybox sh
# PID 1 of the guest (busybox sh from the initramfs). Loads the modules in the order the host
# resolved from modules.dep, mounts the host's root read-only over virtiofs under a tmpfs overlay,
# runs the one command the host wrote into its run directory, and hands back its exit code on the
# "rc" virtio-serial port (this kernel has no /dev/port, and a console line could be forged by the
# command's own output). Everything the command writes goes to the "out" port.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev

say() { echo "pxk-init: $*" >/dev/console; }
halt() { poweroff -f; sleep 5; echo o >/proc/sysrq-trigger; }

case " $(cat /proc/cmdline) " in
  *" pxk.probe=1 "*) echo "PXK-PROBE-OK" >/dev/console; halt ;;
esac

for m in $(cat /modules/order); do
  insmod "/modules/$m" 2>/dev/console || say "insmod $m failed"
done

port() { # name -> /dev/vportXpY
  for p in /sys/class/virtio-ports/*; do
    [ "$(cat "$p/name" 2>/dev/null)" = "$1" ] && { echo "/dev/${p##*/}"; return 0; }
  done
  return 1
}
RC=$(port rc) || { say "no rc port"; halt; }
OUT=$(port out) || { say "no out port"; halt; }

run=
for arg in $(cat /proc/cmdline); do
  case "$arg" in pxk.run=*) run=${arg#pxk.run=} ;; esac
done
[ -n "$run" ] || { echo "fail no pxk.run= on the kernel command line" >"$RC"; halt; }

mount -t virtiofs -o ro hostroot /lower || { echo "fail virtiofs mount" >"$RC"; halt; }
mount -t tmpfs -o mode=0755 overlay-upper /ovl
mkdir -p /ovl/upper /ovl/work
mount -t overlay -o lowerdir=/lower,upperdir=/ovl/upper,workdir=/ovl/work overlay /newroot ||
  { echo "fail overlay mount" >"$RC"; halt; }
mount -t proc proc /newroot/proc
mount -t sysfs sys /newroot/sys
mount -t devtmpfs dev /newroot/dev
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts devpts /newroot/dev/pts
mount -t tmpfs shm /newroot/dev/shm
# A fresh /run and /tmp: the host's (its netns handles, UAPI sockets, other runs' files) mean
# nothing to this kernel.
mount -t tmpfs -o mode=0755 run /newroot/run
mount -t tmpfs -o mode=1777 tmp /newroot/tmp
# ... except the command's working directory, when it lives there (a checkout under /tmp): read-only
# from the host's tree, as everything else of the host is.
while read -r keep; do
  [ -n "$keep" ] && [ -d "/lower$keep" ] || continue
  mkdir -p "/newroot$keep" && mount --bind "/lower$keep" "/newroot$keep" ||
    { echo "fail cannot keep $keep" >"$RC"; halt; }
done <"/lower$run/keep"
# The modules stay reachable, so a command can unload one and load it again.
mkdir -p /newroot/run/pxk-modules
mount --bind /modules /newroot/run/pxk-modules
cp "/lower$run/command.sh" /newroot/run/pxk-command.sh || { echo "fail no command in $run" >"$RC"; halt; }
ip link set lo up
hostname pxk-guest

echo "started $(cut -d' ' -f1 /proc/uptime)" >"$RC"
chroot /newroot /bin/sh /run/pxk-command.sh >"$OUT" 2>&1 </dev/null
echo "exit $?" >"$RC"
halt
