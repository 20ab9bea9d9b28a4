package io.peerexchange.adapters.portmap;

import io.peerexchange.adapters.portmap.codec.PcpCodec;
import io.peerexchange.adapters.portmap.codec.PcpResponse;
import io.peerexchange.adapters.portmap.codec.PortMapDecodeException;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingException;
import io.peerexchange.ports.PortMappingProtocol;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PCP MAP (RFC 6887 §11): one random nonce per internal port, kept for renewals and the delete
 * (a PCP server refuses to touch a mapping with another nonce); answers with another nonce are
 * refused; an epoch running backwards is logged as a gateway restart.
 */
final class PcpMapper implements ProtocolMapper {
    private static final ComponentLogger LOG = ComponentLogger.of(PcpMapper.class, Component.NAT);

    private final Duration budget;
    private final int serverPort;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, byte[]> nonces = new ConcurrentHashMap<>();
    private final EpochCheck epoch = new EpochCheck();

    PcpMapper(Duration budget) {
        this(budget, PortMapPorts.PCP_SERVER);
    }

    /** Asking at {@code serverPort} instead of 5351 (tests). */
    PcpMapper(Duration budget, int serverPort) {
        this.budget = budget;
        this.serverPort = serverPort;
    }

    @Override
    public PortMappingProtocol protocol() {
        return PortMappingProtocol.PCP;
    }

    @Override
    public PortMapping map(Gateway gateway, int internalPort, int suggestedExternalPort, Duration lifetime)
            throws PortMappingException, InterruptedException {
        byte[] nonce = nonces.computeIfAbsent(internalPort, p -> newNonce());
        PcpResponse answer = ask(gateway, nonce, internalPort, suggestedExternalPort, lifetime.toSeconds());
        if (!answer.success()) {
            throw new PortMappingException(
                    "pcp: gateway refused the mapping: " + PcpResponse.resultName(answer.resultCode()));
        }
        if (answer.lifetimeSeconds() == 0) {
            throw new PortMappingException("pcp: gateway answered the mapping with lifetime 0");
        }
        if (epoch.restarted(answer.epochSeconds(), System.nanoTime())) {
            LOG.atWarn()
                    .addKeyValue("gateway", gateway.address().getHostAddress())
                    .addKeyValue("epoch", answer.epochSeconds())
                    .log("pcp: gateway epoch went backwards: it restarted and lost its mappings; mapping made again");
        }
        try {
            return new PortMapping(
                    PortMappingProtocol.PCP,
                    internalPort,
                    new Endpoint(answer.externalAddress(), answer.externalPort()),
                    Duration.ofSeconds(answer.lifetimeSeconds()));
        } catch (IllegalArgumentException e) {
            throw new PortMappingException("pcp: unusable external endpoint: " + e.getMessage());
        }
    }

    @Override
    public void release(Gateway gateway, PortMapping mapping) throws PortMappingException, InterruptedException {
        byte[] nonce = nonces.get(mapping.internalPort());
        if (nonce == null) {
            return;
        }
        PcpResponse answer = ask(gateway, nonce, mapping.internalPort(), 0, 0);
        nonces.remove(mapping.internalPort());
        if (!answer.success()) {
            throw new PortMappingException(
                    "pcp: gateway refused the delete: " + PcpResponse.resultName(answer.resultCode()));
        }
    }

    @Override
    public boolean answers(Gateway gateway) throws InterruptedException {
        // A delete of a mapping that does not exist: every PCP server answers it, and nothing changes.
        try {
            ask(gateway, newNonce(), 9, 0, 0);
            return true;
        } catch (PortMappingException e) {
            LOG.atDebug().addKeyValue("error", e.getMessage()).log("pcp: no answer");
            return false;
        }
    }

    private PcpResponse ask(Gateway gateway, byte[] nonce, int internalPort, int suggested, long lifetimeSeconds)
            throws PortMappingException, InterruptedException {
        byte[] request = PcpCodec.encodeMap(gateway.local(), nonce, internalPort, suggested, lifetimeSeconds);
        return UdpExchange.exchange(
                gateway,
                serverPort,
                request,
                budget,
                (datagram, length) -> {
                    PcpResponse response = PcpCodec.decodeMap(datagram, length);
                    if (length >= PcpCodec.MAP_LENGTH && !response.nonceMatches(nonce)) {
                        throw new PortMapDecodeException("PCP answer carries another nonce");
                    }
                    if (response.success() && response.internalPort() != internalPort) {
                        throw new PortMapDecodeException("PCP answer is for internal port " + response.internalPort());
                    }
                    return response;
                },
                "pcp");
    }

    private byte[] newNonce() {
        byte[] nonce = new byte[PcpCodec.NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }
}
