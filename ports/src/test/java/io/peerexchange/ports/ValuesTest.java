package io.peerexchange.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @Test
    void stunServer_parsesNamesIpv4AndBracketedIpv6() {
        assertThat(StunServer.parse("stun.l.google.com:19302")).isEqualTo(new StunServer("stun.l.google.com", 19302));
        assertThat(StunServer.parse("127.0.0.1:3478").port()).isEqualTo(3478);
        StunServer v6 = StunServer.parse("[2001:db8::1]:3478");
        assertThat(v6.host()).isEqualTo("2001:db8::1");
        assertThat(v6).hasToString("[2001:db8::1]:3478");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "stun",
                ":3478",
                "stun:0",
                "stun:65536",
                "stun:abc",
                "2001:db8::1:3478",
                "[2001:db8::1]",
                "st un:3478",
                "stun/x:3478",
                "[zz::1]:3478"
            })
    void stunServer_rejectsMalformedText(String text) {
        assertThatThrownBy(() -> StunServer.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid STUN server");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", "node 1", "nöde"})
    void nodeId_rejectsWhatCannotSitInAUrlPath(String text) {
        assertThatThrownBy(() -> new NodeId(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid node id");
    }

    @Test
    void nodeId_acceptsTheUsualForms() {
        assertThat(new NodeId("node-1.eu_west")).hasToString("node-1.eu_west");
        assertThatThrownBy(() -> new NodeId("x".repeat(129))).hasMessageContaining("1-128");
    }

    @Test
    void natType_hasTheWireNames() {
        assertThat(List.of(NatType.values()))
                .extracting(NatType::wireName)
                .containsExactly("none", "full_cone", "symmetric", "unknown");
        assertThat(NatType.fromWire("full_cone")).isEqualTo(NatType.FULL_CONE);
        assertThatThrownBy(() -> NatType.fromWire("cone")).hasMessageContaining("unknown NAT type");
    }

    @Test
    void peer_toStringShowsNeitherKeyNorPsk() {
        WireGuardKey key = WireGuardKey.fromBase64(KeysTest.KEY);
        PresharedKey psk = PresharedKey.of(new byte[32]);
        Peer peer = new Peer(
                new NodeId("p-2"),
                key,
                Optional.of("10.0.0.2"),
                Optional.of(Endpoint.parse("1.2.3.4:5")),
                List.of("10.0.0.2/32"),
                Optional.of(psk));

        assertThat(peer.toString())
                .contains("p-2", "1.2.3.4:5")
                .doesNotContain(KeysTest.KEY)
                .doesNotContain(key.toHex())
                .doesNotContain(psk.toBase64());
    }

    @Test
    void peerEndpoint_treatsEmptyEndpointAsNotDiscovered() {
        assertThat(PeerEndpoint.of("p-2", "").endpoint()).isEmpty();
        assertThat(PeerEndpoint.of("p-2", null).endpoint()).isEmpty();
        assertThatThrownBy(() -> PeerEndpoint.of("p-2", "host:1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindingMethod_onlyEphemeralIsNotTheRequestedPortsMapping() {
        assertThat(BindingMethod.BOUND.isRequestedPortMapping()).isTrue();
        assertThat(BindingMethod.SHARED_PORT.isRequestedPortMapping()).isTrue();
        assertThat(BindingMethod.EPHEMERAL.isRequestedPortMapping()).isFalse();
    }
}
