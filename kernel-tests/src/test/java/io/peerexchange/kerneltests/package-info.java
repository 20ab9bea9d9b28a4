/**
 * The kernel suite: {@link io.peerexchange.kerneltests.KernelGuestTest} boots one QEMU guest with Debian's
 * cloud kernel (the devtools VM lab) and runs every {@code *InGuest} class there, in one JVM, through
 * {@link io.peerexchange.kerneltests.KernelSuiteMain}. The in-guest classes change the guest kernel's state
 * (interfaces, namespaces, a module unloaded) and refuse to run anywhere else. The in-guest tests of the
 * netlink backend live in its packages, for the package-private seams they use.
 */
package io.peerexchange.kerneltests;
