/**
 * The agent under test as its own process, started with {@code java -jar} or through the
 * launcher as systemd would, with its output captured and, on request, its threads and memory
 * sampled.
 */
package io.peerexchange.testing.agent;
