package io.peerexchange.adapters.portmap;

import io.peerexchange.ports.PortMapper;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingException;
import io.peerexchange.ports.PortMappingMode;
import io.peerexchange.ports.PortMappingProtocol;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The port mapper: finds the default gateway on every call (a route that changed is followed) and
 * asks it with the mode's protocols in order, PCP, then NAT-PMP, then UPnP IGD for {@code auto}.
 */
public final class GatewayPortMapper implements PortMapper {
    private static final ComponentLogger LOG = ComponentLogger.of(GatewayPortMapper.class, Component.NAT);
    /**
     * Time for one protocol to answer, retransmissions included. A gateway without that service
     * answers PCP and NAT-PMP with ICMP port unreachable at once; UPnP waits this long for SSDP.
     */
    public static final Duration PROTOCOL_BUDGET = Duration.ofMillis(900);

    private final SystemGateway gateways;
    private final List<ProtocolMapper> mappers;

    public GatewayPortMapper(PortMappingMode mode) {
        this(new SystemGateway(), mappersFor(mode, PROTOCOL_BUDGET));
    }

    GatewayPortMapper(SystemGateway gateways, List<ProtocolMapper> mappers) {
        this.gateways = gateways;
        this.mappers = List.copyOf(mappers);
    }

    static List<ProtocolMapper> mappersFor(PortMappingMode mode, Duration budget) {
        List<ProtocolMapper> out = new ArrayList<>();
        for (PortMappingProtocol protocol : mode.protocols()) {
            out.add(
                    switch (protocol) {
                        case PCP -> new PcpMapper(budget);
                        case NAT_PMP -> new NatPmpMapper(budget);
                        case UPNP -> new UpnpMapper(budget);
                    });
        }
        return out;
    }

    @Override
    public PortMapping map(int internalPort, Duration lifetime) throws PortMappingException, InterruptedException {
        if (mappers.isEmpty()) {
            throw new PortMappingException("port mapping is off");
        }
        Gateway gateway = gateways.find();
        List<String> failures = new ArrayList<>();
        for (ProtocolMapper mapper : mappers) {
            try {
                PortMapping mapping = mapper.map(gateway, internalPort, internalPort, lifetime);
                LOG.atDebug()
                        .addKeyValue("gateway", gateway)
                        .addKeyValue("mapping", mapping)
                        .log("mapped");
                return mapping;
            } catch (PortMappingException e) {
                failures.add(e.getMessage());
            }
        }
        throw new PortMappingException(
                "gateway " + gateway.address().getHostAddress() + ": " + String.join("; ", failures));
    }

    @Override
    public PortMapping renew(PortMapping mapping, Duration lifetime) throws PortMappingException, InterruptedException {
        Gateway gateway = gateways.find();
        ProtocolMapper mapper = mapperFor(mapping.protocol());
        if (mapper instanceof UpnpMapper upnp && !upnp.holds(gateway, mapping)) {
            LOG.atWarn()
                    .addKeyValue("gateway", gateway.address().getHostAddress())
                    .addKeyValue("external", mapping.external())
                    .log("upnp: the mapping is gone at the gateway (it restarted?); mapping made again");
        }
        // Renewing is asking again for the same external port: a gateway that lost it makes it anew.
        return mapper.map(gateway, mapping.internalPort(), mapping.external().port(), lifetime);
    }

    @Override
    public void release(PortMapping mapping) throws PortMappingException, InterruptedException {
        mapperFor(mapping.protocol()).release(gateways.find(), mapping);
    }

    @Override
    public List<PortMappingProtocol> probe() throws InterruptedException {
        Gateway gateway;
        try {
            gateway = gateways.find();
        } catch (PortMappingException e) {
            LOG.atInfo().addKeyValue("error", e.getMessage()).log("no gateway to probe");
            return List.of();
        }
        List<PortMappingProtocol> answering = new ArrayList<>();
        for (ProtocolMapper mapper : mappers) {
            if (mapper.answers(gateway)) {
                answering.add(mapper.protocol());
            }
        }
        return answering;
    }

    private ProtocolMapper mapperFor(PortMappingProtocol protocol) throws PortMappingException {
        for (ProtocolMapper mapper : mappers) {
            if (mapper.protocol() == protocol) {
                return mapper;
            }
        }
        throw new PortMappingException(protocol + " is not among this mode's protocols");
    }
}
