package io.peerexchange.domain;

import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.NatInfo;

/**
 * What the endpoint report says of our candidates and credentials, gathered afresh at each report
 * from what discovery found (docs/PROTOCOL.md#candidates). {@link #NONE} keeps the seed's report.
 */
@FunctionalInterface
public interface LocalConnectivity {
    Connectivity at(NatInfo discovered) throws InterruptedException;

    LocalConnectivity NONE = discovered -> Connectivity.NONE;
}
