package io.peerexchange.ports;

/** The protocols a gateway may be asked to map a port with (docs/PROTOCOL.md#port-mapping), with their wire names. */
public enum PortMappingProtocol {
    /** Port Control Protocol, RFC 6887. */
    PCP("pcp"),
    /** NAT Port Mapping Protocol, RFC 6886. */
    NAT_PMP("natpmp"),
    /** UPnP Internet Gateway Device, WANIPConnection or WANPPPConnection v1/v2. */
    UPNP("upnp");

    private final String wireName;

    PortMappingProtocol(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
