package io.peerexchange.adapters.stun;

import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.CandidateSource;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Host candidates (docs/PROTOCOL.md#candidates): the WireGuard port on every address of every up
 * interface but loopback and the WireGuard interface itself (its addresses are inside the tunnel),
 * IPv4 before IPv6, without loopback, link-local, multicast or wildcard addresses. Read fresh on
 * each call: interfaces come and go.
 */
public final class SystemHostCandidates implements CandidateSource {
    private static final ComponentLogger LOG = ComponentLogger.of(SystemHostCandidates.class, Component.PATHS);

    /** What is read of one interface. */
    record Nic(String name, boolean up, boolean loopback, List<InetAddress> addresses) {
        Nic {
            Objects.requireNonNull(name, "name");
            addresses = List.copyOf(addresses);
        }
    }

    private final String wireGuardInterface;

    public SystemHostCandidates(String wireGuardInterface) {
        this.wireGuardInterface = Objects.requireNonNull(wireGuardInterface, "wireGuardInterface");
    }

    @Override
    public List<Candidate> candidates(int listenPort) {
        List<Nic> nics = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                nics.add(
                        new Nic(nic.getName(), nic.isUp(), nic.isLoopback(), Collections.list(nic.getInetAddresses())));
            }
        } catch (SocketException e) {
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("cannot list the host's interfaces");
        }
        return candidates(nics, wireGuardInterface, listenPort);
    }

    static List<Candidate> candidates(List<Nic> nics, String wireGuardInterface, int listenPort) {
        List<Candidate> v4 = new ArrayList<>();
        List<Candidate> v6 = new ArrayList<>();
        for (Nic nic : nics) {
            if (!nic.up() || nic.loopback() || nic.name().equals(wireGuardInterface)) {
                continue;
            }
            for (InetAddress address : nic.addresses()) {
                if (address.isLoopbackAddress()
                        || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress()
                        || address.isMulticastAddress()) {
                    continue;
                }
                Candidate candidate =
                        new Candidate(new Endpoint(withoutScope(address), listenPort), CandidateKind.HOST);
                (address instanceof Inet4Address ? v4 : v6).add(candidate);
            }
        }
        List<Candidate> all = new ArrayList<>(v4);
        all.addAll(v6);
        return all;
    }

    private static InetAddress withoutScope(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 16 bytes", e);
        }
    }
}
