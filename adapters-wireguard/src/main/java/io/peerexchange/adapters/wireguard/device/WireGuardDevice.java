package io.peerexchange.adapters.wireguard.device;

import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import java.util.List;
import java.util.Optional;

/** One way of talking to a WireGuard interface. Implementations are stateless per operation. */
public interface WireGuardDevice {

    /** A short name for logs and messages: the name the backend is registered under. */
    String name();

    /** Reads the interface's peers in one request (one {@code get=1}, one dump). */
    DeviceState read() throws PeerUpdateException;

    /**
     * Sets the endpoints of existing peers only ({@code update_only}) and nothing else, in as few
     * requests as the backend allows.
     *
     * @return empty when the backend accepted every write, otherwise why it did not (the writes may
     *     then have been applied in part: read the device again to find out which)
     * @throws PeerUpdateException when the interface cannot be reached at all
     */
    Optional<String> writeEndpoints(List<EndpointUpdate> writes) throws PeerUpdateException;

    /**
     * Whether an accepted write must still be read back: the kernel silently ignores an endpoint
     * it does not like, so "accepted" proves nothing there.
     */
    boolean verifyAfterWrite();
}
