/**
 * JMH benchmarks of the STUN adapter (decode cost of a Binding response, loopback discovery round
 * trip against coturn); run by hand with the command in the module's README, never by surefire.
 */
package io.peerexchange.adapters.stun.bench;
