/**
 * The VM lab: one command run as root in a throwaway QEMU guest that boots Debian's cloud kernel
 * (which has the WireGuard module), with the host's root file system shared read-only over virtiofs
 * under a tmpfs overlay. The kernel package is fetched with {@code apt-get download} and unpacked into
 * a cache, never installed; the initramfs is busybox plus the modules the tests need, loaded in
 * {@code modules.dep} order. KVM is used when it boots the guest, TCG otherwise.
 */
package io.peerexchange.devtools.vm;
