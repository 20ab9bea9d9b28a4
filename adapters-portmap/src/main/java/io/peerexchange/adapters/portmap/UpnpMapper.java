package io.peerexchange.adapters.portmap;

import io.peerexchange.adapters.portmap.codec.IgdDescription;
import io.peerexchange.adapters.portmap.codec.IgdService;
import io.peerexchange.adapters.portmap.codec.IpText;
import io.peerexchange.adapters.portmap.codec.PortMapDecodeException;
import io.peerexchange.adapters.portmap.codec.Soap;
import io.peerexchange.adapters.portmap.codec.SoapAnswer;
import io.peerexchange.adapters.portmap.codec.Ssdp;
import io.peerexchange.adapters.portmap.codec.Subnet;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingException;
import io.peerexchange.ports.PortMappingProtocol;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * UPnP IGD: SSDP search on the LAN, the device description, then SOAP on the WAN connection
 * service: {@code GetExternalIPAddress}, {@code AddAnyPortMapping} (v2) or {@code AddPortMapping}
 * (v1), {@code DeletePortMapping}. A device whose LOCATION is not on the gateway's subnet, or whose
 * control URL names another host, is refused. An external address in any range is accepted: a
 * documentation-range WAN address (labs) is not "not connected". Bodies are never logged.
 */
final class UpnpMapper implements ProtocolMapper {
    private static final ComponentLogger LOG = ComponentLogger.of(UpnpMapper.class, Component.NAT);
    static final String DESCRIPTION = "peerexchange";
    /** IGD's error for a lease the router cannot time (v1 routers that grant permanent leases only). */
    static final int ONLY_PERMANENT_LEASES = 725;
    /** IGD's error for an entry it does not hold. */
    static final int NO_SUCH_ENTRY = 714;
    /** The search's {@code MX}, the least UPnP allows: a device delays its answer by a random 0 to MX seconds. */
    static final int SEARCH_MX_SECONDS = 1;
    /** The search waits MX and this much more, for the answer to cross the LAN. */
    static final Duration SEARCH_MARGIN = Duration.ofMillis(300);

    private final Duration budget;
    private final InetSocketAddress searchTarget;
    /** Built at the first SOAP call: building one sets up TLS and starts a selector thread, for nothing when no IGD answers. */
    private HttpClient http;

    private final AtomicReference<IgdService> service = new AtomicReference<>();

    UpnpMapper(Duration budget) {
        this(budget, new InetSocketAddress(Ssdp.MULTICAST_ADDRESS, Ssdp.PORT));
    }

    /** Searching at {@code searchTarget} instead of SSDP's multicast group (tests). */
    UpnpMapper(Duration budget, InetSocketAddress searchTarget) {
        this.budget = budget;
        this.searchTarget = searchTarget;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(budget)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }

    @Override
    public PortMappingProtocol protocol() {
        return PortMappingProtocol.UPNP;
    }

    @Override
    public PortMapping map(Gateway gateway, int internalPort, int suggestedExternalPort, Duration lifetime)
            throws PortMappingException, InterruptedException {
        IgdService igd = service(gateway);
        InetAddress external = externalAddress(igd);
        long lease = lifetime.toSeconds();
        Map<String, String> args = new LinkedHashMap<>();
        args.put("NewRemoteHost", "");
        args.put("NewExternalPort", String.valueOf(suggestedExternalPort));
        args.put("NewProtocol", "UDP");
        args.put("NewInternalPort", String.valueOf(internalPort));
        args.put("NewInternalClient", gateway.local().getHostAddress());
        args.put("NewEnabled", "1");
        args.put("NewPortMappingDescription", DESCRIPTION);
        args.put("NewLeaseDuration", String.valueOf(lease));
        String action = igd.v2() ? "AddAnyPortMapping" : "AddPortMapping";
        SoapAnswer answer = call(igd, action, args);
        if (answer.failed() && answer.errorCode() == ONLY_PERMANENT_LEASES) {
            LOG.atInfo()
                    .addKeyValue("gateway", gateway.address().getHostAddress())
                    .log("upnp: gateway grants permanent leases only; taking one, deleted on stop");
            lease = 0;
            args.put("NewLeaseDuration", "0");
            answer = call(igd, action, args);
        }
        if (answer.failed()) {
            throw new PortMappingException(
                    "upnp: " + action + " refused: " + answer.errorCode() + " " + answer.errorDescription());
        }
        int externalPort = suggestedExternalPort;
        if (igd.v2()) {
            String reserved = answer.argument("NewReservedPort")
                    .orElseThrow(
                            () -> new PortMappingException("upnp: AddAnyPortMapping answer has no NewReservedPort"));
            externalPort = port(reserved, "NewReservedPort");
        }
        try {
            return new PortMapping(
                    PortMappingProtocol.UPNP,
                    internalPort,
                    new Endpoint(external, externalPort),
                    Duration.ofSeconds(lease));
        } catch (IllegalArgumentException e) {
            throw new PortMappingException("upnp: unusable external endpoint: " + e.getMessage());
        }
    }

    /** Whether the gateway still holds {@code mapping}: a restarted router has forgotten it. */
    boolean holds(Gateway gateway, PortMapping mapping) throws PortMappingException, InterruptedException {
        IgdService igd = service(gateway);
        Map<String, String> args = new LinkedHashMap<>();
        args.put("NewRemoteHost", "");
        args.put("NewExternalPort", String.valueOf(mapping.external().port()));
        args.put("NewProtocol", "UDP");
        SoapAnswer answer = call(igd, "GetSpecificPortMappingEntry", args);
        return !answer.failed();
    }

    @Override
    public void release(Gateway gateway, PortMapping mapping) throws PortMappingException, InterruptedException {
        IgdService igd = service(gateway);
        Map<String, String> args = new LinkedHashMap<>();
        args.put("NewRemoteHost", "");
        args.put("NewExternalPort", String.valueOf(mapping.external().port()));
        args.put("NewProtocol", "UDP");
        SoapAnswer answer = call(igd, "DeletePortMapping", args);
        if (answer.failed() && answer.errorCode() != NO_SUCH_ENTRY) {
            throw new PortMappingException(
                    "upnp: DeletePortMapping refused: " + answer.errorCode() + " " + answer.errorDescription());
        }
    }

    @Override
    public boolean answers(Gateway gateway) throws InterruptedException {
        try {
            externalAddress(service(gateway));
            return true;
        } catch (PortMappingException e) {
            LOG.atDebug().addKeyValue("error", e.getMessage()).log("upnp: no usable gateway");
            return false;
        }
    }

    private InetAddress externalAddress(IgdService igd) throws PortMappingException, InterruptedException {
        SoapAnswer answer = call(igd, "GetExternalIPAddress", Map.of());
        if (answer.failed()) {
            throw new PortMappingException(
                    "upnp: GetExternalIPAddress refused: " + answer.errorCode() + " " + answer.errorDescription());
        }
        String text = answer.argument("NewExternalIPAddress").orElse("");
        try {
            return IpText.parse(text);
        } catch (PortMapDecodeException e) {
            throw new PortMappingException("upnp: GetExternalIPAddress: " + e.getMessage());
        }
    }

    /** The cached WAN service, or a fresh SSDP search; a service that stops answering is searched again. */
    private IgdService service(Gateway gateway) throws PortMappingException, InterruptedException {
        IgdService cached = service.get();
        if (cached != null) {
            return cached;
        }
        URI location = search(gateway);
        byte[] body = get(location, IgdDescription.MAX_BYTES);
        IgdService found;
        try {
            found = IgdDescription.parse(body, location);
        } catch (PortMapDecodeException e) {
            LOG.atWarn()
                    .addKeyValue("location", location)
                    .addKeyValue("error", e.getMessage())
                    .log("upnp: device description rejected");
            throw new PortMappingException("upnp: device description rejected: " + e.getMessage());
        }
        if (!found.controlUrl().getHost().equals(location.getHost())) {
            LOG.atWarn().addKeyValue("location", location).log("upnp: control URL names another host; rejected");
            throw new PortMappingException("upnp: the control URL names another host than the device");
        }
        LOG.atDebug()
                .addKeyValue("service", found.serviceType())
                .addKeyValue("control_url", found.controlUrl())
                .log("upnp: gateway found");
        service.set(found);
        return found;
    }

    private URI search(Gateway gateway) throws PortMappingException, InterruptedException {
        InetSocketAddress group = searchTarget;
        // Waiting less than MX would miss every device that drew a late delay (miniupnpd draws one).
        Duration wait = Duration.ofSeconds(SEARCH_MX_SECONDS).plus(SEARCH_MARGIN);
        if (budget.compareTo(wait) > 0) {
            wait = budget;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(gateway.local(), 0))) {
            for (String target : new String[] {Ssdp.IGD_V2, Ssdp.IGD_V1}) {
                byte[] request = Ssdp.searchRequest(target, SEARCH_MX_SECONDS);
                socket.send(new DatagramPacket(request, request.length, group));
            }
            byte[] buffer = new byte[Ssdp.MAX_ANSWER + 1];
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new PortMappingException("upnp: no Internet Gateway Device answered the SSDP search within "
                            + wait.toMillis() + " ms");
                }
                socket.setSoTimeout((int) Math.min(100, left));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                try {
                    URI location = Ssdp.location(packet.getData(), packet.getLength());
                    InetAddress host = IpText.parse(location.getHost());
                    if (!Subnet.contains(gateway.local(), gateway.prefixLength(), host)) {
                        throw new PortMapDecodeException("LOCATION " + location + " is not on the gateway's subnet "
                                + gateway.local().getHostAddress() + "/" + gateway.prefixLength());
                    }
                    return location;
                } catch (PortMapDecodeException e) {
                    LOG.atWarn()
                            .addKeyValue("from", packet.getAddress().getHostAddress())
                            .addKeyValue("error", e.getMessage())
                            .log("upnp: SSDP answer rejected");
                }
            }
        } catch (IOException e) {
            throw new PortMappingException("upnp: SSDP search failed: " + e.getMessage());
        }
    }

    private SoapAnswer call(IgdService igd, String action, Map<String, String> args)
            throws PortMappingException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(igd.controlUrl())
                .timeout(budget)
                .header("Content-Type", "text/xml; charset=\"utf-8\"")
                .header("SOAPAction", Soap.actionHeader(igd.serviceType(), action))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Soap.request(igd.serviceType(), action, args)))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            service.set(null);
            throw new PortMappingException("upnp: " + action + " failed: " + e.getMessage());
        }
        // A SOAP fault comes with 500; anything else but 200 is no answer.
        if (response.statusCode() != 200 && response.statusCode() != 500) {
            drain(response);
            throw new PortMappingException("upnp: " + action + " answered HTTP " + response.statusCode());
        }
        byte[] body = limited(response, Soap.MAX_ANSWER_BYTES, action);
        try {
            return Soap.answer(body, action);
        } catch (PortMapDecodeException e) {
            LOG.atWarn()
                    .addKeyValue("action", action)
                    .addKeyValue("error", e.getMessage())
                    .log("upnp: SOAP answer rejected");
            throw new PortMappingException("upnp: " + action + " answer rejected: " + e.getMessage());
        }
    }

    private byte[] get(URI location, int max) throws PortMappingException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(location).timeout(budget).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new PortMappingException("upnp: device description unreadable: " + e.getMessage());
        }
        if (response.statusCode() != 200) {
            drain(response);
            throw new PortMappingException("upnp: device description answered HTTP " + response.statusCode());
        }
        return limited(response, max, "device description");
    }

    /** The body up to {@code max} bytes; one byte more and it is refused unread. */
    private static byte[] limited(HttpResponse<InputStream> response, int max, String what)
            throws PortMappingException {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                LOG.atWarn().addKeyValue("limit", max).log("upnp: " + what + " longer than the limit; rejected");
                throw new PortMappingException("upnp: " + what + " is longer than " + max + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new PortMappingException("upnp: " + what + " unreadable: " + e.getMessage());
        }
    }

    private static void drain(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.readNBytes(1024);
        } catch (IOException e) {
            // Nothing to keep from a failed answer.
        }
    }

    private static int port(String text, String what) throws PortMappingException {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new PortMappingException("upnp: " + what + " is not a port");
        }
        return Integer.parseInt(text);
    }
}
