package io.peerexchange.bootstrap;

import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingProtocol;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code discover --port-mapping} learned: the protocols the gateway answers, and the mapping
 * it made (released again before exit) or why it made none.
 */
record PortMapOutcome(List<PortMappingProtocol> answering, Optional<PortMapping> mapping, Optional<String> error) {
    PortMapOutcome {
        answering = List.copyOf(answering);
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(error, "error");
    }
}
