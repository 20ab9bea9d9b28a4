package io.peerexchange.adapters.portmap;

import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingException;
import io.peerexchange.ports.PortMappingProtocol;
import java.time.Duration;

/** One protocol's way of asking a gateway; {@link GatewayPortMapper} tries them in the mode's order. */
interface ProtocolMapper {
    PortMappingProtocol protocol();

    /** Maps (or renews: the same request again) UDP {@code internalPort}, asking for {@code suggestedExternalPort}. */
    PortMapping map(Gateway gateway, int internalPort, int suggestedExternalPort, Duration lifetime)
            throws PortMappingException, InterruptedException;

    void release(Gateway gateway, PortMapping mapping) throws PortMappingException, InterruptedException;

    /** Whether the gateway speaks this protocol; maps nothing. */
    boolean answers(Gateway gateway) throws InterruptedException;
}
