package io.peerexchange.adapters.wireguard.uapi.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.PeerState;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.WireGuardKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class UapiCodecTest {
    private static final String PRIVATE = "78b2158301712b5259b9dca6946d79f78fc0367291a97b11946440da68619f7b";
    private static final String PSK = "0dca0d97b56b0569ce6635ae551372ef0e3bd2e645b070016bf3d3f16ad7b7c1";
    private static final String PEER_A = "b6da8fcd9c392f46e1389e0a968cd7c042a0bb9bab9828f200313ad2eced391b";
    private static final String PEER_B = "422aea1a1fabd7d0b062567b335a66b77b30ae71180705a11f1a32ba37401c58";

    /** Captured from wireguard-go 0.0.20220316. */
    private static final List<String> WIREGUARD_GO_GET = List.of(
            "private_key=" + PRIVATE,
            "listen_port=51899",
            "public_key=" + PEER_A,
            "preshared_key=" + PSK,
            "protocol_version=1",
            "endpoint=192.0.2.1:1234",
            "last_handshake_time_sec=1795573028",
            "last_handshake_time_nsec=0",
            "tx_bytes=148",
            "rx_bytes=92",
            "persistent_keepalive_interval=25",
            "allowed_ip=10.9.0.2/32",
            "allowed_ip=fd00::2/128",
            "public_key=" + PEER_B,
            "preshared_key=" + "0".repeat(64),
            "protocol_version=1",
            "last_handshake_time_sec=0",
            "last_handshake_time_nsec=0",
            "tx_bytes=0",
            "rx_bytes=0",
            "persistent_keepalive_interval=0",
            "allowed_ip=10.9.0.3/32",
            "errno=0");

    @Test
    void givenWireGuardGoAnswer_parseGet_readsPeersWithoutKeepingSecrets() throws Exception {
        DeviceState state = UapiCodec.parseGet(WIREGUARD_GO_GET);

        PeerState a = state.peer(WireGuardKey.fromHex(PEER_A)).orElseThrow();
        assertThat(a.endpoint()).isEqualTo("192.0.2.1:1234");
        assertThat(a.rxBytes()).isEqualTo(92);
        assertThat(a.lastHandshakeEpochSeconds()).isEqualTo(1795573028L);
        assertThat(a.allowedIps()).containsExactly("10.9.0.2/32", "fd00::2/128");
        assertThat(a.toString()).doesNotContain(PSK).doesNotContain(PRIVATE);
        PeerState b = state.peer(WireGuardKey.fromHex(PEER_B)).orElseThrow();
        assertThat(b.hasEndpoint()).isFalse();
        assertThat(state.size()).isEqualTo(2);
    }

    @Test
    void givenIpv6EndpointInAnotherSpelling_parseGet_canonicalises() throws Exception {
        DeviceState state = UapiCodec.parseGet(
                List.of("public_key=" + PEER_A, "protocol_version=1", "endpoint=[2001:DB8:0:0::1]:51820", "errno=0"));

        assertThat(state.peer(WireGuardKey.fromHex(PEER_A)).orElseThrow().holds(Endpoint.parse("[2001:db8::1]:51820")))
                .isTrue();
    }

    @Test
    void givenScopedLinkLocalEndpoint_parseGet_keepsWireGuardsTextAsADifferentEndpoint() throws Exception {
        PeerState p = UapiCodec.parseGet(List.of(
                        "public_key=" + PEER_A, "protocol_version=1", "endpoint=[fe80::1%eth0]:51820", "errno=0"))
                .peer(WireGuardKey.fromHex(PEER_A))
                .orElseThrow();

        assertThat(p.endpoint()).isEqualTo("[fe80::1%eth0]:51820");
        assertThat(p.holds(Endpoint.parse("[fe80::1]:51820"))).isFalse();
    }

    @Test
    void givenBoringtunAnswer_parseGet_refusesWithTheReason() {
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of(
                        "own_public_key=" + PEER_B,
                        "listen_port=1",
                        "public_key=" + PEER_A,
                        "endpoint=192.0.2.1:1",
                        "rx_bytes=0",
                        "tx_bytes=0",
                        "errno=0")))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("boringtun (its device lines carry own_public_key)");
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of(
                        "private_key=" + PRIVATE,
                        "public_key=" + PEER_A,
                        "preshared_key=" + PSK,
                        "endpoint=192.0.2.1:1",
                        "errno=0")))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("boringtun (its peers carry no protocol_version)")
                .hasMessageNotContaining(PSK)
                .hasMessageNotContaining(PRIVATE);
    }

    @Test
    void givenErrnoOfEitherSign_parseGet_fails() {
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of("errno=-13"))).hasMessageContaining("EACCES");
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of("errno=13"))).hasMessageContaining("EACCES");
    }

    @Test
    void givenMalformedAnswers_parseGet_namesTheLineButNeverASecret() {
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of("private_key" + PRIVATE, "errno=0")))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessage("malformed UAPI answer at line 1: not a key=value line");
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of("public_key=" + PSK.substring(2), "errno=0")))
                .hasMessage("malformed UAPI answer at line 1: public_key is not 64 hex characters");
        assertThatThrownBy(() -> UapiCodec.parseGet(
                        List.of("public_key=" + PEER_A, "protocol_version=1", "rx_bytes=-1", "errno=0")))
                .hasMessage("malformed UAPI answer at line 3: rx_bytes is not a number");
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of("public_key=" + PEER_A)))
                .hasMessageContaining("without an errno line");
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of("errno=0", "listen_port=1")))
                .hasMessageContaining("text after errno");
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of(
                        "public_key=" + PEER_A,
                        "protocol_version=1",
                        "public_key=" + PEER_A,
                        "protocol_version=1",
                        "errno=0")))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of("errno=abc")))
                .hasMessageContaining("errno is not a number");
    }

    @Test
    void givenUpdates_setEndpointsRequest_carriesKeyUpdateOnlyAndEndpointOnly() {
        String request = UapiCodec.setEndpointsRequest(List.of(
                new EndpointUpdate(WireGuardKey.fromHex(PEER_A), Endpoint.parse("203.0.113.5:51820")),
                new EndpointUpdate(WireGuardKey.fromHex(PEER_B), Endpoint.parse("[2001:db8::1]:51820"))));

        assertThat(request)
                .isEqualTo("set=1\n"
                        + "public_key=" + PEER_A + "\nupdate_only=true\nendpoint=203.0.113.5:51820\n"
                        + "public_key=" + PEER_B + "\nupdate_only=true\nendpoint=[2001:db8::1]:51820\n\n");
        assertThat(UapiCodec.GET_REQUEST).isEqualTo("get=1\n\n");
    }

    @Test
    void givenSetAnswers_parseSetAnswer_acceptsEitherSign() throws Exception {
        assertThat(UapiCodec.parseSetAnswer(List.of("errno=0"))).isZero();
        assertThat(UapiCodec.parseSetAnswer(List.of("errno=-22"))).isEqualTo(-22);
        assertThat(UapiCodec.parseSetAnswer(List.of("errno=22"))).isEqualTo(22);
        assertThatThrownBy(() -> UapiCodec.parseSetAnswer(List.of("listen_port=1", "errno=0")))
                .isInstanceOf(PeerUpdateException.class);
    }

    @Test
    void givenAFwmarkLine_parseGet_readsTheMark_andWithoutOneItIsZero() throws Exception {
        assertThat(UapiCodec.parseGet(List.of("listen_port=1", "fwmark=4294967295", "errno=0"))
                        .fwmark())
                .isEqualTo(-1);
        assertThat(UapiCodec.parseGet(List.of("fwmark=51820", "errno=0")).fwmark())
                .isEqualTo(51820);
        assertThat(UapiCodec.parseGet(WIREGUARD_GO_GET).fwmark()).isZero();
        assertThatThrownBy(() -> UapiCodec.parseGet(List.of("fwmark=-1", "errno=0")))
                .hasMessageContaining("fwmark is not a u32");
    }
}
