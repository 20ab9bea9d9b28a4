package io.peerexchange.testing.netns;

/**
 * The shapes {@link NatLab} builds (docs/ARCHITECTURE.md#nat-lab-topologies). Every two-peer shape
 * has the same "internet": a bridge with two STUN servers (203.0.113.1 and .2, with 2001:db8:ff::1
 * and ::2) where the control plane of the test listens too.
 */
public enum Topology {
    /** One peer behind one port-translating router: the miniature of {@link NatLab#start(String)}. */
    SINGLE_PEER,
    /**
     * Two peers, each behind its own endpoint-independent NAT that changes the WireGuard port
     * (51820 to 40000 and 41000) and drops new inbound connections.
     */
    TWO_NATS,
    /**
     * Two peers on one LAN behind one such router that does not hairpin: a packet to the router's
     * own mapping of the other peer goes nowhere, only the peers' LAN addresses reach each other.
     */
    ONE_ROUTER_NO_HAIRPIN,
    /**
     * Peer 1 with a public address on the internet bridge (203.0.113.30), peer 2 behind a symmetric
     * NAT: a new random port for every destination, so a STUN server's mapping is useless to peer 1.
     */
    PUBLIC_AND_SYMMETRIC,
    /**
     * Two peers, each behind its own symmetric NAT without port mapping (a new random port for every
     * destination, nothing opened from outside): no direct pair, only a relay carries the tunnel.
     */
    BOTH_SYMMETRIC,
    /** {@link #TWO_NATS}, but IPv4 between the two routers is dropped and IPv6 is routed end to end. */
    IPV6_ONLY,
    /**
     * {@link #TWO_NATS} with IPv4 between the two routers dropped, and IPv6 behind NAT66: the peers
     * have unique local addresses only (fd00:1::2, fd00:2::2), each router masquerades them to its
     * own 2001:db8:ff::10 / ::20, the WireGuard port leaving as 40000 / 41000, and drops new
     * inbound connections. Only a server-reflexive IPv6 pair, punched, connects the peers.
     */
    NAT66;

    boolean twoPeers() {
        return this != SINGLE_PEER;
    }
}
