package io.peerexchange.adapters.portmap;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A UPnP gateway on loopback that the test scripts: an SSDP responder answering each search with
 * the given answers, and an HTTP server for the description and the control URL, which records
 * every SOAP action it is asked.
 */
final class FakeIgd implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final DatagramSocket ssdp;
    private final HttpServer http;
    private final Thread responder;
    private volatile List<String> answers = List.of();
    private volatile byte[] description = new byte[0];
    private volatile Function<String, String> control = action -> "";

    FakeIgd() throws IOException {
        ssdp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/desc.xml", exchange -> {
            requests.add("GET " + exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, description.length);
            exchange.getResponseBody().write(description);
            exchange.close();
        });
        http.createContext("/ctl", exchange -> {
            String soapAction = exchange.getRequestHeaders().getFirst("SOAPAction");
            String action = soapAction.substring(soapAction.indexOf('#') + 1, soapAction.length() - 1);
            try (InputStream in = exchange.getRequestBody()) {
                requests.add(action + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            String body = control.apply(action);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body.contains("UPnPError") ? 500 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        http.start();
        responder = new Thread(this::answer, "fake-ssdp");
        responder.setDaemon(true);
        responder.start();
    }

    InetSocketAddress ssdpAddress() {
        return (InetSocketAddress) ssdp.getLocalSocketAddress();
    }

    String location() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/desc.xml";
    }

    FakeIgd answers(String... locations) {
        this.answers = List.of(locations);
        return this;
    }

    FakeIgd description(byte[] body) {
        this.description = body;
        return this;
    }

    FakeIgd control(Function<String, String> byAction) {
        this.control = byAction;
        return this;
    }

    private void answer() {
        byte[] buffer = new byte[2048];
        while (!ssdp.isClosed()) {
            try {
                DatagramPacket search = new DatagramPacket(buffer, buffer.length);
                ssdp.receive(search);
                for (String location : answers) {
                    byte[] reply = ("HTTP/1.1 200 OK\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
                                    + "LOCATION: " + location + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    ssdp.send(new DatagramPacket(reply, reply.length, search.getSocketAddress()));
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                return;
            }
        }
    }

    static String soap(String action, String arguments) {
        return "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                + "<u:" + action + "Response xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\">" + arguments
                + "</u:" + action + "Response></s:Body></s:Envelope>";
    }

    static String fault(int code, String description) {
        return "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                + "<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail>"
                + "<UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>" + code + "</errorCode>"
                + "<errorDescription>" + description + "</errorDescription></UPnPError></detail></s:Fault>"
                + "</s:Body></s:Envelope>";
    }

    @Override
    public void close() {
        ssdp.close();
        http.stop(0);
    }
}
