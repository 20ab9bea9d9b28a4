/**
 * The agent's local control socket (docs/PROTOCOL.md#control-socket): the server the running agent
 * serves to its own user, the client {@code peerexchange status} uses, and the small JSON both speak.
 * What is answered comes from a {@link io.peerexchange.bootstrap.control.ControlHandler}; this package
 * knows no command.
 */
package io.peerexchange.bootstrap.control;
