package io.peerexchange.adapters.stun;

import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The STUN client the agent uses: learns the mapping of the requested port whoever holds it.
 * A free port (or 0) is bound ({@link BindingMethod#BOUND}); a busy one is shared through raw
 * sockets ({@link BindingMethod#SHARED_PORT}); when that is impossible the call fails, unless
 * {@link StunSettings#allowEphemeralFallback()} permits asking from an ephemeral port
 * ({@link BindingMethod#EPHEMERAL}, with a warning, since peers cannot use that mapping).
 * The timeout covers the whole call, fallback included. Either address family works both ways; a
 * binding of one family goes to the server's address of it (docs/PROTOCOL.md#stun-over-both-families).
 */
public final class AutoStunClient extends ResolvingStunClient {
    private static final ComponentLogger LOG = ComponentLogger.of(AutoStunClient.class, Component.NAT);

    private final StunSettings settings;
    private final Binder bound;
    private final Binder shared;

    public AutoStunClient(StunSettings settings) {
        this(settings, NameResolver.SYSTEM);
    }

    AutoStunClient(StunSettings settings, NameResolver names) {
        this(settings, new UdpStunClient(settings)::bind, new RawSocketStunClient(settings)::bind, names);
    }

    AutoStunClient(StunSettings settings, Binder bound, Binder shared) {
        this(settings, bound, shared, NameResolver.SYSTEM);
    }

    private AutoStunClient(StunSettings settings, Binder bound, Binder shared, NameResolver names) {
        super(names);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.bound = Objects.requireNonNull(bound, "bound");
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    @Override
    MappedAddress bind(StunServer server, InetSocketAddress serverAddress, int localPort, Deadline deadline)
            throws StunException, InterruptedException {
        try {
            return bound.bind(server, serverAddress, localPort, deadline);
        } catch (PortInUseException busy) {
            try {
                return shared.bind(server, serverAddress, localPort, deadline);
            } catch (SharedPortUnavailableException noRaw) {
                if (!settings.allowEphemeralFallback()) {
                    throw new StunException(
                            "local UDP port " + localPort + " is in use (by WireGuard?) and "
                                    + noRaw.getMessage() + "; grant CAP_NET_RAW to learn this port's mapping, or allow "
                                    + "the ephemeral fallback to learn another port's mapping, which peers cannot use",
                            noRaw);
                }
                return ephemeral(server, serverAddress, localPort, deadline, noRaw);
            }
        }
    }

    private MappedAddress ephemeral(
            StunServer server,
            InetSocketAddress serverAddress,
            int localPort,
            Deadline deadline,
            SharedPortUnavailableException reason)
            throws StunException, InterruptedException {
        MappedAddress mapped = bound.bind(server, serverAddress, 0, deadline);
        LOG.atWarn()
                .addKeyValue("server", server)
                .addKeyValue("wireguard_port", localPort)
                .addKeyValue("local_port", mapped.localPort())
                .addKeyValue("endpoint", mapped.endpoint())
                .addKeyValue("reason", reason.getMessage())
                .log("STUN answered from an ephemeral port: this is NOT the WireGuard port's mapping");
        return new MappedAddress(
                mapped.endpoint(),
                mapped.server(),
                mapped.serverAddress(),
                BindingMethod.EPHEMERAL,
                mapped.localPort());
    }
}
