package io.peerexchange.adapters.portmap;

/** The well-known UDP ports of the protocols. */
final class PortMapPorts {
    /** PCP and NAT-PMP share the server port (RFC 6887 §19.1, RFC 6886 §3.1). */
    static final int PCP_SERVER = 5351;

    private PortMapPorts() {}
}
