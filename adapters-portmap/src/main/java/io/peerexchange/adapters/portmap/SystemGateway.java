package io.peerexchange.adapters.portmap;

import io.peerexchange.adapters.portmap.codec.DefaultRoute;
import io.peerexchange.adapters.portmap.codec.PortMapDecodeException;
import io.peerexchange.adapters.portmap.codec.RouteTable;
import io.peerexchange.ports.PortMappingException;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The default gateway as the kernel's route tables name it ({@code /proc/net/route}, then
 * {@code /proc/net/ipv6_route} when there is no IPv4 default route), asked afresh on every call so
 * a changed route is followed.
 */
final class SystemGateway {
    static final Path IPV4_ROUTES = Path.of("/proc/net/route");
    static final Path IPV6_ROUTES = Path.of("/proc/net/ipv6_route");

    private final Path ipv4Routes;
    private final Path ipv6Routes;

    SystemGateway() {
        this(IPV4_ROUTES, IPV6_ROUTES);
    }

    SystemGateway(Path ipv4Routes, Path ipv6Routes) {
        this.ipv4Routes = ipv4Routes;
        this.ipv6Routes = ipv6Routes;
    }

    Gateway find() throws PortMappingException {
        Optional<DefaultRoute> route;
        try {
            route = RouteTable.ipv4(read(ipv4Routes));
            if (route.isEmpty() && Files.isReadable(ipv6Routes)) {
                route = RouteTable.ipv6(read(ipv6Routes));
            }
        } catch (PortMapDecodeException e) {
            throw new PortMappingException(e.getMessage());
        }
        DefaultRoute found = route.orElseThrow(() -> new PortMappingException("no default route: no gateway to ask"));
        return withLocal(found.gateway());
    }

    /** The source address the kernel picks towards {@code gateway}, and its prefix. */
    static Gateway withLocal(InetAddress gateway) throws PortMappingException {
        InetAddress local;
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(gateway, PortMapPorts.PCP_SERVER);
            local = probe.getLocalAddress();
        } catch (SocketException e) {
            throw new PortMappingException("no route to gateway " + gateway.getHostAddress() + ": " + e.getMessage());
        }
        int prefix = local.getAddress().length * 8;
        try {
            NetworkInterface nic = NetworkInterface.getByInetAddress(local);
            if (nic != null) {
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (a.getAddress().equals(local)) {
                        prefix = a.getNetworkPrefixLength();
                    }
                }
            }
        } catch (SocketException e) {
            // The prefix stays the host's own: only the gateway itself then counts as on the LAN.
        }
        return new Gateway(gateway, local, prefix);
    }

    private static String read(Path file) throws PortMappingException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new PortMappingException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
