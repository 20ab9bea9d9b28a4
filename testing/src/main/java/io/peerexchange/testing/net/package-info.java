/**
 * Picking UDP ports for test servers: the kernel's free port, or one of a range a suite reserves
 * for itself so that suites in parallel do not collide.
 */
package io.peerexchange.testing.net;
