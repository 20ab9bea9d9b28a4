/**
 * This suite's own helpers: its coturn (on its own port range) and a strict JSON reader for
 * asserting on the agent's hand-written JSON. The harnesses themselves come from the
 * {@code testing} module.
 */
package io.peerexchange.bootstrap.testing;
