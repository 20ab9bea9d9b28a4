package io.peerexchange.adapters.wireguard.uapi;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.Errno;
import io.peerexchange.adapters.wireguard.device.WireGuardDevice;
import io.peerexchange.adapters.wireguard.uapi.codec.UapiCodec;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** wireguard-go through its userspace API socket: one connection per operation. */
public final class UapiWireGuard implements WireGuardDevice {
    /** The backend's name in configuration, logs and messages. */
    public static final String NAME = "uapi";

    /** How long the socket may make no progress before the operation fails. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final UapiConnection connection;

    public UapiWireGuard(Path socket) {
        this(socket, DEFAULT_IDLE_TIMEOUT);
    }

    public UapiWireGuard(Path socket, Duration idleTimeout) {
        Objects.requireNonNull(socket, "socket");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        this.connection = new UapiConnection(socket, idleTimeout);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeviceState read() throws PeerUpdateException {
        return UapiCodec.parseGet(connection.exchange(UapiCodec.GET_REQUEST));
    }

    @Override
    public Optional<String> writeEndpoints(List<EndpointUpdate> writes) throws PeerUpdateException {
        if (writes.isEmpty()) {
            return Optional.empty();
        }
        long errno = UapiCodec.parseSetAnswer(connection.exchange(UapiCodec.setEndpointsRequest(writes)));
        if (errno == 0) {
            return Optional.empty();
        }
        return Optional.of("WireGuard (UAPI) answered " + Errno.describe(errno)
                + " to the set; it stops at the first line it rejects");
    }

    @Override
    public boolean verifyAfterWrite() {
        return false;
    }
}
