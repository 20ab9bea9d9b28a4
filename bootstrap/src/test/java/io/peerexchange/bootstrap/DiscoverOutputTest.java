package io.peerexchange.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.bootstrap.testing.MiniJson;
import io.peerexchange.domain.DiscoveryResult;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingProtocol;
import io.peerexchange.ports.StunServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoverOutputTest {
    private static final MappedAddress PRIMARY = new MappedAddress(
            Endpoint.parse("203.0.113.5:40000"),
            StunServer.parse("stun.example.com:3478"),
            Endpoint.parse("192.0.2.1:3478"),
            BindingMethod.SHARED_PORT,
            51820);
    private static final MappedAddress SECOND = new MappedAddress(
            Endpoint.parse("203.0.113.5:40000"),
            StunServer.parse("[2001:db8::3]:3478"),
            Endpoint.parse("[2001:db8::3]:3478"),
            BindingMethod.SHARED_PORT,
            51820);
    private static final DiscoveryResult CLASSIFIED = new DiscoveryResult(
            new NatInfo(Endpoint.parse("203.0.113.5:40000"), NatType.FULL_CONE), PRIMARY, Optional.of(SECOND));

    @Test
    void givenTwoServersAnswered_json_listsBothAndTheMethodAsOneWord() {
        Map<String, Object> json = MiniJson.object(DiscoverCommand.json(CLASSIFIED));

        assertThat(json.keySet()).containsExactly("public_endpoint", "nat_type", "stun_servers", "method");
        assertThat(json.get("public_endpoint")).isEqualTo("203.0.113.5:40000");
        assertThat(json.get("nat_type")).isEqualTo("full_cone");
        assertThat(json.get("stun_servers")).isEqualTo(List.of("stun.example.com:3478", "[2001:db8::3]:3478"));
        assertThat(json.get("method")).isEqualTo("shared_port");
    }

    @Test
    void givenTwoServersAnswered_text_showsOneFieldPerLine() {
        assertThat(DiscoverCommand.text(CLASSIFIED)).isEqualTo("""
                public endpoint  203.0.113.5:40000
                nat type         full_cone
                stun servers     stun.example.com:3478, [2001:db8::3]:3478
                method           shared port
                """);
    }

    private static final DiscoveryResult BOTH_FAMILIES = CLASSIFIED.withOtherFamily(Optional.of(new MappedAddress(
            Endpoint.parse("[2001:db8:5::10]:40000"),
            StunServer.parse("[2001:db8::3]:3478"),
            Endpoint.parse("[2001:db8::3]:3478"),
            BindingMethod.SHARED_PORT,
            51820)));

    @Test
    void givenTheOtherFamilysMapping_text_showsItAfterTheMethod() {
        assertThat(DiscoverCommand.text(BOTH_FAMILIES))
                .endsWith("method           shared port\n"
                        + "other family     [2001:db8:5::10]:40000 (stun server [2001:db8::3]:3478)\n");
    }

    @Test
    void givenTheOtherFamilysMapping_json_addsAnOtherFamilyObject() {
        Map<String, Object> json = MiniJson.object(DiscoverCommand.json(BOTH_FAMILIES));

        assertThat(json.keySet())
                .containsExactly("public_endpoint", "nat_type", "stun_servers", "method", "other_family");
        assertThat(json.get("other_family"))
                .isEqualTo(Map.of("public_endpoint", "[2001:db8:5::10]:40000", "stun_server", "[2001:db8::3]:3478"));
    }

    private static final PortMapOutcome MAPPED = new PortMapOutcome(
            List.of(PortMappingProtocol.PCP, PortMappingProtocol.NAT_PMP, PortMappingProtocol.UPNP),
            Optional.of(new PortMapping(
                    PortMappingProtocol.PCP, 51820, Endpoint.parse("203.0.113.5:51820"), Duration.ofSeconds(120))),
            Optional.empty());

    @Test
    void givenAPortMapping_text_namesTheAnsweringProtocolsAndTheReleasedMapping() {
        String text = DiscoverCommand.text(CLASSIFIED, Optional.of(MAPPED));

        assertThat(text)
                .endsWith("gateway answers  pcp, natpmp, upnp\n"
                        + "port mapping     203.0.113.5:51820 (pcp, released)\n");
    }

    @Test
    void givenAPortMapping_json_addsAPortMappingObject() {
        Map<String, Object> json = MiniJson.object(DiscoverCommand.json(CLASSIFIED, Optional.of(MAPPED)));

        assertThat(json.get("port_mapping"))
                .isEqualTo(Map.of(
                        "answering",
                        List.of("pcp", "natpmp", "upnp"),
                        "protocol",
                        "pcp",
                        "external_endpoint",
                        "203.0.113.5:51820",
                        "released",
                        true));
    }

    @Test
    void givenAGatewayWithoutService_text_saysNoneAndWhy() {
        PortMapOutcome none = new PortMapOutcome(List.of(), Optional.empty(), Optional.of("no answer"));

        assertThat(DiscoverCommand.text(CLASSIFIED, Optional.of(none)))
                .endsWith("gateway answers  none\nport mapping     none (no answer)\n");
    }
}
