package io.peerexchange.ports;

/** How the NAT in front of the node maps the WireGuard port, with its wire name. */
public enum NatType {
    /** The mapped address is one of the host's own addresses: no NAT. */
    NONE("none"),
    /** Two servers on different IPs saw the same mapping: endpoint-independent mapping. */
    FULL_CONE("full_cone"),
    /** Two servers on different IPs saw different mappings. */
    SYMMETRIC("symmetric"),
    /** Only one server answered (or only one distinct server IP was available). */
    UNKNOWN("unknown");

    private final String wireName;

    NatType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static NatType fromWire(String name) {
        for (NatType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "unknown NAT type " + InputText.quote(name) + ": expected none, full_cone, symmetric or unknown");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
