/**
 * Every JSON document of the control-plane protocol, both ways, in
 * {@link io.peerexchange.adapters.controlplane.json.WireJson} only, so every shape check and every
 * size limit of the wire format lives in one place; and the event envelope an SSE {@code data}
 * field decodes to. Pure: no sockets, no threads.
 */
package io.peerexchange.adapters.controlplane.json;
