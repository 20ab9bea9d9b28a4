package io.peerexchange.ports;

import java.time.Duration;
import java.util.List;

/**
 * Asks the gateway on the route to the internet to map a local UDP port endpoint-independently
 * (docs/PROTOCOL.md#port-mapping).
 */
public interface PortMapper {

    /**
     * Maps UDP {@code internalPort}, asking for the same external port and {@code lifetime}; the
     * first protocol that answers wins.
     *
     * @throws PortMappingException when no protocol got a mapping; the message says what each answered
     * @throws InterruptedException when the calling thread is interrupted
     */
    PortMapping map(int internalPort, Duration lifetime) throws PortMappingException, InterruptedException;

    /**
     * Renews {@code mapping} with the protocol that made it. A gateway that lost the mapping (it
     * rebooted) gets it made again; the result may name another external endpoint.
     */
    PortMapping renew(PortMapping mapping, Duration lifetime) throws PortMappingException, InterruptedException;

    /** Deletes {@code mapping} at the gateway (lifetime 0, or UPnP's DeletePortMapping). */
    void release(PortMapping mapping) throws PortMappingException, InterruptedException;

    /** The protocols the gateway answers, in the mode's order; asks each once and maps nothing. */
    List<PortMappingProtocol> probe() throws InterruptedException;
}
