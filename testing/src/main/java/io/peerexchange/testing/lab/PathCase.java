package io.peerexchange.testing.lab;

import io.peerexchange.testing.netns.NatLab;
import io.peerexchange.testing.netns.Topology;
import java.io.IOException;

/**
 * The cases of the lab matrix (docs/ARCHITECTURE.md#lab-matrix): a topology, each WireGuard's
 * persistent keepalive (turned on just before the agents start, so its first handshake attempt,
 * without an endpoint, fails then and WireGuard retries 5 s later), and what happens to the
 * network once the tunnel is up.
 */
public enum PathCase {
    /** Two endpoint-independent NATs. */
    A_TWO_NATS("a", Topology.TWO_NATS, PathCase.KEEPALIVE, PathCase.KEEPALIVE, Event.NONE),
    /** One router for both peers, no hairpin: only the LAN addresses work. */
    B_ONE_ROUTER_NO_HAIRPIN("b", Topology.ONE_ROUTER_NO_HAIRPIN, PathCase.KEEPALIVE, PathCase.KEEPALIVE, Event.NONE),
    /** A public peer and a symmetric NAT. */
    C_PUBLIC_AND_SYMMETRIC("c", Topology.PUBLIC_AND_SYMMETRIC, PathCase.KEEPALIVE, PathCase.KEEPALIVE, Event.NONE),
    /** IPv4 between the peers broken, IPv6 routed. */
    D_IPV6_ONLY("d", Topology.IPV6_ONLY, PathCase.KEEPALIVE, PathCase.KEEPALIVE, Event.NONE),
    /** Router 2 remaps the WireGuard port and flushes conntrack once the tunnel is up. */
    E_REMAP("e", Topology.TWO_NATS, PathCase.KEEPALIVE, PathCase.KEEPALIVE, Event.REMAP),
    /** Router 2 gets a new WAN address once the tunnel is up. */
    F_NEW_WAN_ADDRESS("f", Topology.TWO_NATS, PathCase.KEEPALIVE, PathCase.KEEPALIVE, Event.NEW_WAN_ADDRESS),
    /** Peer 2's WireGuard has no keepalive and sends nothing toward peer 1: only peer 1 sends. */
    G_IDLE_PEER("g", Topology.TWO_NATS, PathCase.KEEPALIVE, 0, Event.NONE),
    /** IPv4 between the peers broken, IPv6 behind NAT66 on both sides: only the IPv6 srflx pair works. */
    H_NAT66("h", Topology.NAT66, PathCase.KEEPALIVE, PathCase.KEEPALIVE, Event.NONE);

    /** The keepalive of an active peer's WireGuard, in seconds: a common setting behind NAT. */
    public static final int KEEPALIVE = 25;

    /** What the network does once the tunnel is up. */
    public enum Event {
        NONE,
        REMAP,
        NEW_WAN_ADDRESS;

        void apply(NatLab lab) throws IOException {
            switch (this) {
                case REMAP -> lab.remapWireGuardPort();
                case NEW_WAN_ADDRESS -> lab.changeWanAddress();
                case NONE -> {}
            }
        }
    }

    private final String letter;
    private final Topology topology;
    private final int keepalive1;
    private final int keepalive2;
    private final Event event;

    PathCase(String letter, Topology topology, int keepalive1, int keepalive2, Event event) {
        this.letter = letter;
        this.topology = topology;
        this.keepalive1 = keepalive1;
        this.keepalive2 = keepalive2;
        this.event = event;
    }

    public String letter() {
        return letter;
    }

    public Topology topology() {
        return topology;
    }

    public Event event() {
        return event;
    }

    public int keepalive(int peer) {
        return peer == 1 ? keepalive1 : keepalive2;
    }

    /** A rig for this case, not yet started. */
    public PathRig.Builder rig(String prefix) {
        return PathRig.builder(prefix)
                .topology(topology)
                .keepalive(1, keepalive1)
                .keepalive(2, keepalive2);
    }
}
