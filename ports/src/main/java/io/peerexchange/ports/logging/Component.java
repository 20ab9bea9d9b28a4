package io.peerexchange.ports.logging;

/** The parts of the agent, as the {@code component} key of every log line names them. */
public enum Component {
    /** The process: start, stop, the loops it runs. */
    AGENT("agent"),
    /** The endpoint exchange: report, apply, the peer directory. */
    EXCHANGE("exchange"),
    /** Discovery of the public endpoint: STUN, NAT classification. */
    NAT("nat"),
    /** Writing endpoints into WireGuard. */
    WIREGUARD("wireguard"),
    /** Calls to the control plane and its event stream. */
    CONTROLPLANE("controlplane"),
    /** Connectivity checks and the path chosen per peer (docs/PROTOCOL.md#candidates). */
    PATHS("paths"),
    /** The TURN relay: allocations on TURN servers and the relay proxy (docs/PROTOCOL.md#turn-relay). */
    RELAY("relay"),
    /** The benchmark harnesses (never part of the agent). */
    BENCH("bench");

    private final String logName;

    Component(String logName) {
        this.logName = logName;
    }

    /** The value of the {@code component} key. */
    public String logName() {
        return logName;
    }
}
