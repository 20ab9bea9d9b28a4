/**
 * A real coturn as the STUN server of a test: on loopback on a kernel-picked port or a suite's own
 * range, or inside a network namespace of a lab, probed until it answers and silenced on demand.
 */
package io.peerexchange.testing.coturn;
