package io.peerexchange.adapters.portmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The UPnP client against a scripted gateway on loopback: the LAN is 127.0.0.0/8. */
class UpnpMapperTest {
    private static final Duration BUDGET = Duration.ofMillis(600);
    private static final String V1 = "urn:schemas-upnp-org:service:WANIPConnection:1";

    private final FakeIgd igd;
    private final Gateway gateway;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    UpnpMapperTest() throws Exception {
        igd = new FakeIgd();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        gateway = new Gateway(loopback, loopback, 8);
    }

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(UpnpMapper.class)).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(UpnpMapper.class)).detachAppender(log);
        igd.close();
    }

    private UpnpMapper mapper() {
        return new UpnpMapper(BUDGET, igd.ssdpAddress());
    }

    private static byte[] description(String controlUrl) {
        return ("<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device><serviceList>"
                        + "<service><serviceType>" + V1 + "</serviceType><controlURL>" + controlUrl
                        + "</controlURL></service></serviceList></device></root>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private List<String> warnings() {
        return log.list.stream()
                .filter(e -> e.getLevel().toString().equals("WARN"))
                .map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs())
                .toList();
    }

    @Test
    void givenARouterThatGrantsOnlyPermanentLeases_map_takesAPermanentOneAndReleaseDeletesIt() throws Exception {
        igd.answers(igd.location()).description(description("/ctl")).control(action -> switch (action) {
            case "GetExternalIPAddress" ->
                FakeIgd.soap(action, "<NewExternalIPAddress>203.0.113.10</NewExternalIPAddress>");
            case "AddPortMapping" ->
                igd.requests.stream().anyMatch(r -> r.contains("<NewLeaseDuration>0<"))
                        ? FakeIgd.soap(action, "")
                        : FakeIgd.fault(UpnpMapper.ONLY_PERMANENT_LEASES, "OnlyPermanentLeasesSupported");
            default -> FakeIgd.soap(action, "");
        });
        UpnpMapper mapper = mapper();

        PortMapping mapping = mapper.map(gateway, 51820, 51820, Duration.ofHours(2));
        mapper.release(gateway, mapping);

        assertThat(mapping.permanent()).isTrue();
        // A documentation-range external address is a gateway like any other, not "not connected".
        assertThat(mapping.external()).isEqualTo(Endpoint.parse("203.0.113.10:51820"));
        assertThat(igd.requests)
                .extracting(r -> r.split(" ")[0])
                .containsExactly(
                        "GET", "GetExternalIPAddress", "AddPortMapping", "AddPortMapping", "DeletePortMapping");
        assertThat(igd.requests.get(2)).contains("<NewLeaseDuration>7200</NewLeaseDuration>");
        assertThat(igd.requests.get(4)).contains("<NewExternalPort>51820</NewExternalPort>");
    }

    @Test
    void givenAnSsdpAnswerPointingOutsideTheLan_map_rejectsItWithALogLineAndFetchesNothing() {
        igd.answers("http://192.0.2.1:5000/desc.xml").description(description("/ctl"));

        assertThatThrownBy(() -> mapper().map(gateway, 51820, 51820, Duration.ofHours(2)))
                .isInstanceOf(PortMappingException.class)
                .hasMessageContaining("no Internet Gateway Device answered");
        // One answer to each search (IGD v2, then v1), each refused.
        assertThat(warnings())
                .hasSize(2)
                .allSatisfy(line ->
                        assertThat(line).contains("SSDP answer rejected").contains("not on the gateway's subnet"));
        assertThat(igd.requests).isEmpty();
    }

    @Test
    void givenBillionLaughsOrAnExternalEntity_map_rejectsTheDescriptionWithALogLine() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<root><service><serviceType>&b;</serviceType></service></root>";
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<root><service><serviceType>&x;</serviceType><controlURL>/ctl</controlURL></service></root>";
        for (String body : List.of(laughs, xxe)) {
            igd.answers(igd.location()).description(body.getBytes(StandardCharsets.UTF_8));
            igd.requests.clear();
            log.list.clear();

            assertThatThrownBy(() -> mapper().map(gateway, 51820, 51820, Duration.ofHours(2)))
                    .isInstanceOf(PortMappingException.class)
                    .hasMessageContaining("device description rejected")
                    .hasMessageNotContaining("root:");
            assertThat(warnings()).singleElement().asString().contains("device description rejected");
            assertThat(igd.requests).containsExactly("GET /desc.xml");
        }
    }

    @Test
    void givenAnOversizedDescription_map_rejectsItUnparsed() {
        igd.answers(igd.location())
                .description(new byte[io.peerexchange.adapters.portmap.codec.IgdDescription.MAX_BYTES + 10]);

        assertThatThrownBy(() -> mapper().map(gateway, 51820, 51820, Duration.ofHours(2)))
                .hasMessageContaining("longer than " + io.peerexchange.adapters.portmap.codec.IgdDescription.MAX_BYTES);
        assertThat(warnings()).singleElement().asString().contains("longer than the limit");
    }

    @Test
    void givenAControlUrlOnAnotherHost_map_refusesToCallIt() {
        igd.answers(igd.location()).description(description("http://127.0.0.2:1/ctl"));

        assertThatThrownBy(() -> mapper().map(gateway, 51820, 51820, Duration.ofHours(2)))
                .hasMessageContaining("another host");
        assertThat(igd.requests).containsExactly("GET /desc.xml");
    }
}
