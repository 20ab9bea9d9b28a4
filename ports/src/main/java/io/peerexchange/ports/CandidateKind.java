package io.peerexchange.ports;

/**
 * How a candidate address for the WireGuard port was learned (docs/PROTOCOL.md#candidates), with
 * its wire name. The order is ICE's type preference, best first: a host path beats a
 * peer-reflexive one, which beats a mapped one, which beats a server-reflexive one; a relay is the
 * last resort.
 */
public enum CandidateKind {
    /** An address of one of the node's own interfaces. */
    HOST("host", 126),
    /** Learned from a connectivity check: the address a peer saw our check come from. */
    PRFLX("prflx", 110),
    /** An endpoint-independent mapping the gateway made on request (PCP, NAT-PMP or UPnP IGD). */
    PORTMAP("portmap", 105),
    /** The mapping a STUN server saw. */
    SRFLX("srflx", 100),
    /** An allocation on a TURN server. */
    RELAY("relay", 0);

    private final String wireName;
    private final int typePreference;

    CandidateKind(String wireName, int typePreference) {
        this.wireName = wireName;
        this.typePreference = typePreference;
    }

    public String wireName() {
        return wireName;
    }

    /** RFC 8445 §5.1.2.2 type preference, 0 to 126. */
    public int typePreference() {
        return typePreference;
    }

    public static CandidateKind fromWire(String name) {
        for (CandidateKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown candidate kind " + InputText.quote(name) + ": expected host, srflx, prflx, portmap or relay");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
