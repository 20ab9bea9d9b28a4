package io.peerexchange.ports;

import java.util.List;

/**
 * Which protocols to ask the gateway with, in order: {@code auto} tries PCP, then NAT-PMP, then
 * UPnP IGD; {@code off} asks nothing.
 */
public enum PortMappingMode {
    AUTO("auto", List.of(PortMappingProtocol.PCP, PortMappingProtocol.NAT_PMP, PortMappingProtocol.UPNP)),
    PCP("pcp", List.of(PortMappingProtocol.PCP)),
    NATPMP("natpmp", List.of(PortMappingProtocol.NAT_PMP)),
    UPNP("upnp", List.of(PortMappingProtocol.UPNP)),
    OFF("off", List.of());

    private final String wireName;
    private final List<PortMappingProtocol> protocols;

    PortMappingMode(String wireName, List<PortMappingProtocol> protocols) {
        this.wireName = wireName;
        this.protocols = protocols;
    }

    public String wireName() {
        return wireName;
    }

    /** The protocols to try, first choice first; empty for {@code off}. */
    public List<PortMappingProtocol> protocols() {
        return protocols;
    }

    public static PortMappingMode fromWire(String name) {
        for (PortMappingMode mode : values()) {
            if (mode.wireName.equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "unknown port mapping mode " + InputText.quote(name) + ": expected auto, pcp, natpmp, upnp or off");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
