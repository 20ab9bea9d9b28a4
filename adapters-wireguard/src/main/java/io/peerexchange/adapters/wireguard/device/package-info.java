/**
 * The seam between the endpoint updater and its backends, in the manner of wgctrl-go's internal
 * client: a backend reads the device state ({@link io.peerexchange.adapters.wireguard.device.DeviceState})
 * and writes endpoint-only, update-only peer changes; everything WireGuard-version independent (what
 * to write, what a live path is) stays above this seam, everything about a wire format below it.
 */
package io.peerexchange.adapters.wireguard.device;
