package io.peerexchange.adapters.controlplane.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** The payload shapes plexd sends: peers named by id or peer_id, keyless endpoints, signing keys, bad fields. */
class PlexdPayloadsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        ((Logger) LoggerFactory.getLogger(WireJson.class)).addAppender(log);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(WireJson.class)).detachAppender(log);
    }

    @Test
    void givenPeerId_payloadPeer_namesThePeerByIt() throws Exception {
        PayloadPeer named = WireJson.payloadPeer(JSON.readTree("{\"peer_id\":\"p-1\",\"public_key\":\""
                + TestKeys.key(1).toBase64() + "\",\"endpoint\":\"198.51.100.1:1\"}"));

        assertThat(named.id()).isEqualTo(NodeId.of("p-1"));
        assertThat(named.peer()).map(Peer::publicKey).contains(TestKeys.key(1));
        assertThat(named.endpoint()).contains(Endpoint.parse("198.51.100.1:1"));
    }

    @Test
    void givenNoKey_payloadPeer_namesTheIdAndTheEndpointOnly() throws Exception {
        PayloadPeer named = WireJson.payloadPeer(JSON.readTree("{\"id\":\"p-2\",\"endpoint\":\"198.51.100.2:2\"}"));

        assertThat(named.peer()).isEmpty();
        assertThat(named.id()).isEqualTo(NodeId.of("p-2"));
        assertThat(named.endpoint()).contains(Endpoint.parse("198.51.100.2:2"));
        assertThatThrownBy(() -> WireJson.peerPayload(JSON.readTree("{\"id\":\"p-2\"}")))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("public_key");
    }

    @Test
    void givenNoId_payloadPeer_isMalformed() {
        assertThatThrownBy(() -> WireJson.payloadPeer(JSON.readTree("{\"endpoint\":\"198.51.100.2:2\"}")))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("peer_id");
    }

    @Test
    void givenOneBadField_peer_keepsTheIdAndKey_dropsTheField_andWarnsOnceNamingBoth() throws Exception {
        Peer peer = WireJson.peer(JSON.readTree(
                "{\"id\":\"p-3\",\"public_key\":\"" + TestKeys.key(3).toBase64()
                        + "\",\"endpoint\":\"peer.example.com:51820\",\"psk\":\"not-a-key\","
                        + "\"allowed_ips\":[\"10.0.0.3/32\",7,\"fd00::3/128\"]}"));

        assertThat(peer.id()).isEqualTo(NodeId.of("p-3"));
        assertThat(peer.publicKey()).isEqualTo(TestKeys.key(3));
        assertThat(peer.endpoint()).isEmpty();
        assertThat(peer.presharedKey()).isEmpty();
        assertThat(peer.allowedIps()).containsExactly("10.0.0.3/32", "fd00::3/128");
        assertThat(log.list)
                .extracting(e -> keys(e).get("field"))
                .containsExactlyInAnyOrder("endpoint", "allowed_ips", "psk");
        assertThat(log.list).allSatisfy(e -> {
            assertThat(e.getMessage()).isEqualTo("dropping an invalid field of a peer; the peer is kept");
            assertThat(keys(e)).containsEntry("peer_id", "p-3");
            assertThat(e.getFormattedMessage() + keys(e)).doesNotContain("not-a-key");
        });
    }

    @Test
    void givenSigningKeysInTheState_fullNodeState_readsThem() throws Exception {
        NodeState state = WireJson.fullNodeState(new ByteArrayInputStream(("{\"peers\":[],\"signing_keys\":"
                        + "{\"current\":\"Y3VycmVudA==\",\"previous\":\"cHJldmlvdXM=\","
                        + "\"transition_expires\":\"2030-01-01T00:00:00Z\"}}")
                .getBytes(UTF_8)));

        assertThat(state.signingKeys())
                .contains(new SigningKeys(
                        "Y3VycmVudA==",
                        Optional.of("cHJldmlvdXM="),
                        Optional.of(Instant.parse("2030-01-01T00:00:00Z"))));
    }

    @Test
    void givenInvalidSigningKeys_fullNodeState_keepsThePeersAndWarns() throws Exception {
        NodeState state = WireJson.fullNodeState(new ByteArrayInputStream(("{\"peers\":[{\"id\":\"p-1\","
                        + "\"public_key\":\"" + TestKeys.key(1).toBase64() + "\"}],"
                        + "\"signing_keys\":{\"current\":\"a\",\"previous\":\"b\"}}")
                .getBytes(UTF_8)));

        assertThat(state.peers()).hasSize(1);
        assertThat(state.signingKeys()).isEmpty();
        assertThat(log.list)
                .extracting(ILoggingEvent::getMessage)
                .contains("ignoring invalid signing_keys in the node state");
    }

    @Test
    void envelope_keepsThePayloadTextAsReceived() throws Exception {
        String payload = "{ \"id\" : \"p-1\", \"w\" : 1.0 , \"s\":\"a\\u0026b\" }";
        EventEnvelope envelope = WireJson.envelope("{\"event_type\":\"x\",\"event_id\":\"1\",\"payload\":" + payload
                + ",\"issued_at\":\"2030-01-01T00:00:00.000Z\",\"nonce\":\"n\"}");

        assertThat(envelope.rawPayload()).isEqualTo(payload);
        assertThat(new String(envelope.canonicalBytes(), UTF_8))
                .isEqualTo("{\"event_type\":\"x\",\"event_id\":\"1\",\"issued_at\":\"2030-01-01T00:00:00Z\","
                        + "\"nonce\":\"n\",\"payload\":{\"id\":\"p-1\",\"w\":1.0,\"s\":\"a\\u0026b\"}}");
        assertThat(WireJson.envelope("{\"event_type\":\"x\",\"event_id\":\"1\",\"payload\":-12.5e3}")
                        .rawPayload())
                .isEqualTo("-12.5e3");
        assertThat(WireJson.envelope("{\"event_type\":\"x\",\"event_id\":\"1\"}")
                        .rawPayload())
                .isEqualTo("null");
    }

    private static Map<String, Object> keys(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        return pairs.stream().collect(Collectors.toMap(p -> p.key, p -> p.value, (a, b) -> b));
    }

    @Test
    void givenAMalformedIce_peer_dropsIt_andTheWarningNeverShowsThePassword() throws Exception {
        String pwd = "secretPassword0123456789";
        Peer peer = WireJson.peer(JSON.readTree(
                "{\"id\":\"p-7\",\"public_key\":\"" + TestKeys.key(7).toBase64()
                        + "\",\"candidates\":[{\"endpoint\":\"192.0.2.7:7\",\"kind\":\"host\"}],"
                        + "\"ice\":{\"ufrag\":\"a b!\",\"pwd\":\"" + pwd + "\"}}"));

        assertThat(peer.connectivity().candidates()).hasSize(1);
        assertThat(peer.connectivity().ice()).isEmpty();
        assertThat(log.list).hasSize(1);
        assertThat(log.list.get(0).getKeyValuePairs())
                .anySatisfy(kv -> assertThat(kv.key + "=" + kv.value).isEqualTo("field=ice"));
        assertThat(log.list.get(0).getKeyValuePairs())
                .allSatisfy(kv -> assertThat(String.valueOf(kv.value)).doesNotContain(pwd));
    }
}
