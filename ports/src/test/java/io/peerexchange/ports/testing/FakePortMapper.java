package io.peerexchange.ports.testing;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PortMapper;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingException;
import io.peerexchange.ports.PortMappingProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway the test drives: it maps to a settable external endpoint with a settable lifetime,
 * fails when told to, and records every map, renew and release.
 */
public final class FakePortMapper implements PortMapper {
    private PortMappingProtocol protocol = PortMappingProtocol.PCP;
    private Endpoint external;
    private Duration granted = Duration.ofHours(2);
    private String failure = "no gateway answered";
    private final List<String> calls = new ArrayList<>();
    private final List<PortMapping> held = new ArrayList<>();

    /** Maps from now on to {@code endpoint}. */
    public synchronized FakePortMapper mapsTo(String endpoint) {
        this.external = Endpoint.parse(endpoint);
        this.failure = null;
        return this;
    }

    public synchronized FakePortMapper grants(Duration lifetime) {
        this.granted = lifetime;
        return this;
    }

    public synchronized FakePortMapper protocol(PortMappingProtocol value) {
        this.protocol = value;
        return this;
    }

    /** Fails every call from now on, the gateway's mappings gone (a restart under way). */
    public synchronized FakePortMapper failsWith(String message) {
        this.failure = message;
        held.clear();
        return this;
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The mappings the gateway holds now. */
    public synchronized List<PortMapping> held() {
        return List.copyOf(held);
    }

    @Override
    public synchronized PortMapping map(int internalPort, Duration lifetime) throws PortMappingException {
        calls.add("map " + internalPort);
        return grant(internalPort);
    }

    @Override
    public synchronized PortMapping renew(PortMapping mapping, Duration lifetime) throws PortMappingException {
        calls.add("renew " + mapping.external());
        held.remove(mapping);
        return grant(mapping.internalPort());
    }

    @Override
    public synchronized void release(PortMapping mapping) throws PortMappingException {
        calls.add("release " + mapping.external());
        held.remove(mapping);
    }

    @Override
    public synchronized List<PortMappingProtocol> probe() {
        return failure == null ? List.of(protocol) : List.of();
    }

    private PortMapping grant(int internalPort) throws PortMappingException {
        if (failure != null) {
            throw new PortMappingException(failure);
        }
        PortMapping mapping = new PortMapping(protocol, internalPort, external, granted);
        held.add(mapping);
        return mapping;
    }
}
