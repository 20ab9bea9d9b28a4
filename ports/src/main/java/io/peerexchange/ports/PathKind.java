package io.peerexchange.ports;

/**
 * What kind of path WireGuard's endpoint for a peer is, as the operator sees it: the kind of the
 * remote candidate the agent nominated, {@link #ROAMED} when WireGuard holds an endpoint the agent
 * did not write (WireGuard follows authenticated packets), or {@link #UNKNOWN}.
 */
public enum PathKind {
    HOST("host"),
    PRFLX("prflx"),
    PORTMAP("portmap"),
    SRFLX("srflx"),
    RELAY("relay"),
    ROAMED("roamed"),
    UNKNOWN("unknown");

    private final String wireName;

    PathKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static PathKind of(CandidateKind kind) {
        return switch (kind) {
            case HOST -> HOST;
            case PRFLX -> PRFLX;
            case PORTMAP -> PORTMAP;
            case SRFLX -> SRFLX;
            case RELAY -> RELAY;
        };
    }

    @Override
    public String toString() {
        return wireName;
    }
}
