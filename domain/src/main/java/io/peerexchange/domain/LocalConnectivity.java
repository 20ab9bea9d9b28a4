package io.peerexchange.domain;

import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.NatInfo;
import java.util.Optional;

/**
 * What the endpoint report says of our candidates and credentials, gathered afresh at each report
 * from what discovery found (docs/PROTOCOL.md#candidates): STUN's answer and, when a server of the
 * other address family answered, the mapping in that family. {@link #NONE} keeps the seed's report.
 */
@FunctionalInterface
public interface LocalConnectivity {
    Connectivity at(NatInfo discovered, Optional<Endpoint> otherFamily) throws InterruptedException;

    LocalConnectivity NONE = (discovered, otherFamily) -> Connectivity.NONE;
}
