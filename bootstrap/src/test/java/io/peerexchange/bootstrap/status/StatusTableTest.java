package io.peerexchange.bootstrap.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.bootstrap.control.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTableTest {
    private static final String STATUS = """
            {"schema":1,"generated_at":"2026-12-01T12:00:10Z","version":"0.1.0",
             "node":{"id":"a","interface":"pxla","backend":"uapi","listen_port":51820,"nat_enabled":true,
               "public_endpoint":"203.0.113.10:40000","nat_type":"full_cone","port_mapping":null,"candidates":[],
               "last_discovery":{"at":"2026-12-01T12:00:07Z","outcome":"ok","error":null,
                 "server":"203.0.113.1:3478","endpoint":"203.0.113.10:40000"},
               "last_report":{"at":"2026-12-01T12:00:07Z","outcome":"ok","error":null,"endpoint":"203.0.113.10:40000"}},
             "control_plane":{"url":"http://203.0.113.1:8080","event_stream":"up","last_event_id":"7",
               "last_heartbeat":{"at":"2026-12-01T12:00:00Z","outcome":"failed","error":"server: HTTP 503",
                 "reconcile":null,"rotate_keys":null},"rotate_keys_asked_at":null},
             "wireguard":{"interface":"pxla","backend":"uapi","reachable":true,"error":null},
             "peers":[{"id":"b","public_key":"AbCdEfGhIj","in_wireguard":true,"endpoint":"203.0.113.20:41000",
               "path":"srflx","latest_handshake":"2026-12-01T12:00:08Z","rx_bytes":1536,"tx_bytes":92,
               "endpoint_changed_at":"2026-12-01T11:55:10Z","endpoint_change_reason":"control plane endpoint written"}],
             "health":{"live":true,"ready":true,"reasons":[]}}
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status() throws Exception {
        return (Map<String, Object>) Json.parse(STATUS);
    }

    @Test
    void givenAStatus_render_showsTheNodeTheControlPlaneAndOneRowPerPeer() throws Exception {
        String table = StatusTable.render(status());

        assertThat(table)
                .contains("node a   interface pxla (uapi)   listen port 51820")
                .contains("public endpoint 203.0.113.10:40000   NAT type full_cone   port mapping none")
                .contains("last discovery ok 3 s ago via 203.0.113.1:3478")
                .contains("events up (last id 7)")
                .contains("last heartbeat FAILED (server: HTTP 503) 10 s ago")
                .contains("health ready");
        assertThat(table.lines().filter(l -> l.startsWith("PEER"))).hasSize(1);
        assertThat(table)
                .containsPattern("b +AbCdEfGhIj… +203\\.0\\.113\\.20:41000 +srflx +2 s ago +1\\.5 KiB +92 B +5 min ago"
                        + " \\(control plane endpoint written\\)");
    }

    @Test
    void givenByteCounts_bytes_usesBinaryUnits() {
        assertThat(StatusTable.bytes(0L)).isEqualTo("0 B");
        assertThat(StatusTable.bytes(1023L)).isEqualTo("1023 B");
        assertThat(StatusTable.bytes(5L * 1024 * 1024)).isEqualTo("5.0 MiB");
        assertThat(StatusTable.bytes(null)).isEqualTo("-");
    }
}
