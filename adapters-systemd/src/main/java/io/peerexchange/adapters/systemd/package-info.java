/**
 * The service manager's adapter: sd_notify(3) datagrams that tell systemd the agent is ready, what it
 * is doing and that it is alive (for {@code Type=notify} and {@code WatchdogSec=}), through libc
 * because the JDK has no Unix datagram sockets.
 */
package io.peerexchange.adapters.systemd;
