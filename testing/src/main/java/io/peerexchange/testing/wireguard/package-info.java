/**
 * A real wireguard-go interface for tests, in the root namespace or a namespace of the test, with
 * the wg commands the tests use to set it up and to read back what the agent wrote.
 */
package io.peerexchange.testing.wireguard;
