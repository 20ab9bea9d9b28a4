/**
 * The userspace API's text protocol: the {@code get=1} and endpoint-only {@code set=1} requests and
 * their {@code key=value} answers up to {@code errno=}, boringtun's dialect recognised. Pure: no
 * sockets, threads or clocks; errors name a line and a key, never a value that could be a secret.
 */
package io.peerexchange.adapters.wireguard.uapi.codec;
