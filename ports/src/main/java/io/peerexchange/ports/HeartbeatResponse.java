package io.peerexchange.ports;

/** The control plane's answer to a heartbeat. */
public record HeartbeatResponse(boolean reconcile, boolean rotateKeys) {}
