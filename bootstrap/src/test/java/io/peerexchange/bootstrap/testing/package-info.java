/**
 * Test helpers: a real coturn STUN server on loopback, the agent as a separate process, and a strict
 * JSON reader for asserting on the agent's hand-written JSON.
 */
package io.peerexchange.bootstrap.testing;
