/**
 * STUN rows: JMH benchmarks of decoding a Binding success response and of a whole loopback
 * discovery against coturn, and {@link io.peerexchange.benchmarks.stun.StunRows}, which times
 * coturn's own {@code turnutils_stunclient} against the same server and writes the rows.
 */
package io.peerexchange.benchmarks.stun;
