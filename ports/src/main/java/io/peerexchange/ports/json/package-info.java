/**
 * JSON string escaping, defined once: the control-plane adapter writes Go's bytes with it, the agent's
 * logs and {@code discover --json} write their strings with it. Pure Java, no JSON library.
 */
package io.peerexchange.ports.json;
