/**
 * The running agent's answer to "what is it doing": what it did last at each port ({@link
 * io.peerexchange.bootstrap.status.AgentActivity}), the {@code status} and {@code check} answers of
 * the control socket, readiness, and the table {@code peerexchange status} prints from the answer
 * (docs/PROTOCOL.md#status-json).
 */
package io.peerexchange.bootstrap.status;
