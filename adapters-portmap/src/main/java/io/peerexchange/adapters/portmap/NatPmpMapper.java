package io.peerexchange.adapters.portmap;

import io.peerexchange.adapters.portmap.codec.NatPmpCodec;
import io.peerexchange.adapters.portmap.codec.NatPmpExternalAddress;
import io.peerexchange.adapters.portmap.codec.NatPmpMapResponse;
import io.peerexchange.adapters.portmap.codec.PortMapDecodeException;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingException;
import io.peerexchange.ports.PortMappingProtocol;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.net.Inet4Address;
import java.time.Duration;

/**
 * NAT-PMP (RFC 6886): the external address request, then the UDP mapping request; IPv4 only. An
 * epoch running backwards is logged as a gateway restart.
 */
final class NatPmpMapper implements ProtocolMapper {
    private static final ComponentLogger LOG = ComponentLogger.of(NatPmpMapper.class, Component.NAT);

    private final Duration budget;
    private final int serverPort;
    private final EpochCheck epoch = new EpochCheck();

    NatPmpMapper(Duration budget) {
        this(budget, PortMapPorts.PCP_SERVER);
    }

    /** Asking at {@code serverPort} instead of 5351 (tests). */
    NatPmpMapper(Duration budget, int serverPort) {
        this.budget = budget;
        this.serverPort = serverPort;
    }

    @Override
    public PortMappingProtocol protocol() {
        return PortMappingProtocol.NAT_PMP;
    }

    @Override
    public PortMapping map(Gateway gateway, int internalPort, int suggestedExternalPort, Duration lifetime)
            throws PortMappingException, InterruptedException {
        requireIpv4(gateway);
        NatPmpExternalAddress external = externalAddress(gateway);
        NatPmpMapResponse answer = UdpExchange.exchange(
                gateway,
                serverPort,
                NatPmpCodec.encodeMap(internalPort, suggestedExternalPort, lifetime.toSeconds()),
                budget,
                (datagram, length) -> {
                    NatPmpMapResponse response = NatPmpCodec.decodeMap(datagram, length);
                    if (response.success() && response.internalPort() != internalPort) {
                        throw new PortMapDecodeException(
                                "NAT-PMP answer is for internal port " + response.internalPort());
                    }
                    return response;
                },
                "natpmp");
        if (!answer.success()) {
            throw new PortMappingException(
                    "natpmp: gateway refused the mapping: " + NatPmpCodec.resultName(answer.resultCode()));
        }
        if (epoch.restarted(answer.epochSeconds(), System.nanoTime())) {
            LOG.atWarn()
                    .addKeyValue("gateway", gateway.address().getHostAddress())
                    .addKeyValue("epoch", answer.epochSeconds())
                    .log(
                            "natpmp: gateway epoch went backwards: it restarted and lost its mappings; mapping made again");
        }
        try {
            return new PortMapping(
                    PortMappingProtocol.NAT_PMP,
                    internalPort,
                    new Endpoint(external.address(), answer.externalPort()),
                    Duration.ofSeconds(answer.lifetimeSeconds()));
        } catch (IllegalArgumentException e) {
            throw new PortMappingException("natpmp: unusable external endpoint: " + e.getMessage());
        }
    }

    @Override
    public void release(Gateway gateway, PortMapping mapping) throws PortMappingException, InterruptedException {
        requireIpv4(gateway);
        NatPmpMapResponse answer = UdpExchange.exchange(
                gateway,
                serverPort,
                NatPmpCodec.encodeMap(mapping.internalPort(), 0, 0),
                budget,
                NatPmpCodec::decodeMap,
                "natpmp");
        if (!answer.success()) {
            throw new PortMappingException(
                    "natpmp: gateway refused the delete: " + NatPmpCodec.resultName(answer.resultCode()));
        }
    }

    @Override
    public boolean answers(Gateway gateway) throws InterruptedException {
        try {
            requireIpv4(gateway);
            externalAddress(gateway);
            return true;
        } catch (PortMappingException e) {
            LOG.atDebug().addKeyValue("error", e.getMessage()).log("natpmp: no answer");
            return false;
        }
    }

    private NatPmpExternalAddress externalAddress(Gateway gateway) throws PortMappingException, InterruptedException {
        NatPmpExternalAddress answer = UdpExchange.exchange(
                gateway,
                serverPort,
                NatPmpCodec.encodeExternalAddressRequest(),
                budget,
                NatPmpCodec::decodeExternalAddress,
                "natpmp");
        if (!answer.success()) {
            throw new PortMappingException(
                    "natpmp: gateway refused the external address: " + NatPmpCodec.resultName(answer.resultCode()));
        }
        return answer;
    }

    private static void requireIpv4(Gateway gateway) throws PortMappingException {
        if (!(gateway.address() instanceof Inet4Address)) {
            throw new PortMappingException(
                    "natpmp: IPv4 only, the gateway is " + gateway.address().getHostAddress());
        }
    }
}
