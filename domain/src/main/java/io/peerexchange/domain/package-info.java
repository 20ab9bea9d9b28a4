/**
 * The peerexchange core: what the agent does, independent of how. {@link io.peerexchange.domain.Discoverer}
 * learns the node's public endpoint and NAT type, {@link io.peerexchange.domain.Exchanger} runs the
 * discover–report–apply loop and listens for peer endpoint events, and
 * {@link io.peerexchange.domain.PeerDirectory} translates control-plane peer ids into WireGuard keys.
 * It talks to the outside only through the ports module.
 */
package io.peerexchange.domain;
