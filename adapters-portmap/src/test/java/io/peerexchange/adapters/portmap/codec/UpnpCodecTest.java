package io.peerexchange.adapters.portmap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpnpCodecTest {
    private static final URI LOCATION = URI.create("http://192.168.1.1:5000/rootDesc.xml");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String description(String serviceType, String controlUrl) {
        return "<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>"
                + "<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:2</deviceType><deviceList><device>"
                + "<deviceList><device><serviceList><service><serviceType>" + serviceType + "</serviceType>"
                + "<controlURL>" + controlUrl + "</controlURL></service></serviceList></device></deviceList>"
                + "</device></deviceList></device></root>";
    }

    @Test
    void givenAnSsdpAnswer_location_returnsItsUrl() throws Exception {
        byte[] answer = bytes("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: " + Ssdp.IGD_V2
                + "\r\nLocation: http://192.168.1.1:5000/rootDesc.xml\r\n\r\n");

        assertThat(Ssdp.location(answer, answer.length)).isEqualTo(LOCATION);
    }

    @Test
    void givenAnSsdpAnswerNamingAHostOrAnotherScheme_location_rejectsIt() {
        byte[] host = bytes("HTTP/1.1 200 OK\r\nLOCATION: http://router.example/desc.xml\r\n\r\n");
        byte[] file = bytes("HTTP/1.1 200 OK\r\nLOCATION: file:///etc/passwd\r\n\r\n");
        byte[] none = bytes("HTTP/1.1 200 OK\r\nST: x\r\n\r\n");
        byte[] big = new byte[Ssdp.MAX_ANSWER + 1];

        assertThatThrownBy(() -> Ssdp.location(host, host.length)).hasMessageContaining("host name");
        assertThatThrownBy(() -> Ssdp.location(file, file.length)).hasMessageContaining("http URL");
        assertThatThrownBy(() -> Ssdp.location(none, none.length)).hasMessageContaining("no LOCATION");
        assertThatThrownBy(() -> Ssdp.location(big, big.length)).hasMessageContaining("longer than");
    }

    @Test
    void givenAnIgdDescription_parse_prefersWanIpConnectionV2AndResolvesTheControlUrl() throws Exception {
        byte[] body = bytes(description("urn:schemas-upnp-org:service:WANIPConnection:2", "/ctl/IPConn"));

        IgdService service = IgdDescription.parse(body, LOCATION);

        assertThat(service.v2()).isTrue();
        assertThat(service.controlUrl()).isEqualTo(URI.create("http://192.168.1.1:5000/ctl/IPConn"));
    }

    @Test
    void givenOnlyAPppService_parse_takesIt() throws Exception {
        byte[] body = bytes(description("urn:schemas-upnp-org:service:WANPPPConnection:1", "/ctl/PPP"));

        IgdService service = IgdDescription.parse(body, LOCATION);

        assertThat(service.v2()).isFalse();
        assertThat(service.serviceType()).endsWith("WANPPPConnection:1");
    }

    @Test
    void givenBillionLaughs_parse_refusesTheDoctype() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                + "<root><device><serviceList><service><serviceType>&lol3;</serviceType></service></serviceList>"
                + "</device></root>";

        assertThatThrownBy(() -> IgdDescription.parse(bytes(laughs), LOCATION))
                .isInstanceOf(PortMapDecodeException.class)
                .hasMessageContaining("device description refused")
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void givenAnExternalEntityToALocalFile_parse_neverReadsIt(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "urn:schemas-upnp-org:service:WANIPConnection:1");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<root><service><serviceType>&x;</serviceType><controlURL>/c</controlURL></service></root>";

        assertThatThrownBy(() -> IgdDescription.parse(bytes(xxe), LOCATION))
                .isInstanceOf(PortMapDecodeException.class)
                .hasMessageNotContaining("WANIPConnection")
                .hasMessageContaining("refused");
    }

    @Test
    void givenAnOversizedDescription_parse_refusesItBeforeParsing() {
        byte[] body = new byte[IgdDescription.MAX_BYTES + 1];

        assertThatThrownBy(() -> IgdDescription.parse(body, LOCATION))
                .hasMessageContaining("longer than " + IgdDescription.MAX_BYTES);
    }

    @Test
    void givenAControlUrlToAnotherScheme_parse_rejectsIt() {
        byte[] body = bytes(description("urn:schemas-upnp-org:service:WANIPConnection:1", "file:///etc/passwd"));

        assertThatThrownBy(() -> IgdDescription.parse(body, LOCATION)).hasMessageContaining("controlURL");
    }

    @Test
    void soapRequest_escapesArgumentsAndNamesTheAction() {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("NewPortMappingDescription", "a<b&c");

        String body = new String(Soap.request("urn:x:1", "AddPortMapping", args), StandardCharsets.UTF_8);

        assertThat(body)
                .contains("<u:AddPortMapping xmlns:u=\"urn:x:1\">")
                .contains("<NewPortMappingDescription>a&lt;b&amp;c</NewPortMappingDescription>");
        assertThat(Soap.actionHeader("urn:x:1", "AddPortMapping")).isEqualTo("\"urn:x:1#AddPortMapping\"");
    }

    @Test
    void givenAnAnswerAndAFault_answer_returnsArgumentsOrTheUpnpError() throws Exception {
        String ok = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                + "<u:GetExternalIPAddressResponse xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:2\">"
                + "<NewExternalIPAddress>203.0.113.10</NewExternalIPAddress></u:GetExternalIPAddressResponse>"
                + "</s:Body></s:Envelope>";
        String fault = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail>"
                + "<UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>725</errorCode>"
                + "<errorDescription>OnlyPermanentLeasesSupported</errorDescription></UPnPError></detail>"
                + "</s:Fault></s:Body></s:Envelope>";

        SoapAnswer answer = Soap.answer(bytes(ok), "GetExternalIPAddress");
        SoapAnswer error = Soap.answer(bytes(fault), "AddPortMapping");

        assertThat(answer.argument("NewExternalIPAddress")).contains("203.0.113.10");
        assertThat(IpText.parse(answer.argument("NewExternalIPAddress").orElseThrow()))
                .isEqualTo(InetAddress.getByName("203.0.113.10"));
        assertThat(error.failed()).isTrue();
        assertThat(error.errorCode()).isEqualTo(725);
        assertThat(error.errorDescription()).isEqualTo("OnlyPermanentLeasesSupported");
    }

    @Test
    void givenAHostName_ipText_refusesToResolveIt() {
        assertThatThrownBy(() -> IpText.parse("router.example")).isInstanceOf(PortMapDecodeException.class);
        assertThatThrownBy(() -> IpText.parse("300.1.1.1")).isInstanceOf(PortMapDecodeException.class);
    }

    @Test
    void subnet_containsOnlyTheSamePrefix() throws Exception {
        InetAddress local = InetAddress.getByName("192.168.1.2");

        assertThat(Subnet.contains(local, 24, InetAddress.getByName("192.168.1.1")))
                .isTrue();
        assertThat(Subnet.contains(local, 24, InetAddress.getByName("192.168.2.1")))
                .isFalse();
        assertThat(Subnet.contains(local, 20, InetAddress.getByName("192.168.15.1")))
                .isTrue();
        assertThat(Subnet.contains(local, 24, InetAddress.getByName("::1"))).isFalse();
    }
}
