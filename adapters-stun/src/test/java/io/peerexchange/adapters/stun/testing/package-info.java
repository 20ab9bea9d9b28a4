/**
 * Test fixtures of the STUN adapter: a real coturn started per test class, scriptable fake STUN
 * servers that misbehave on purpose, and the root/CI rules for tests that need privileges.
 */
package io.peerexchange.adapters.stun.testing;
