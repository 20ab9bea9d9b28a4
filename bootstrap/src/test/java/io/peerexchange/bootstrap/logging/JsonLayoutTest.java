package io.peerexchange.bootstrap.logging;

import static io.peerexchange.bootstrap.logging.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Level;
import io.peerexchange.bootstrap.testing.MiniJson;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLayoutTest {
    private final JsonLayout layout = new JsonLayout(false);

    @Test
    void givenKeyValues_layout_writesOneObjectWithThemAsFields() {
        String line = layout.doLayout(event(
                Level.INFO,
                "peer endpoint updated",
                null,
                "component",
                "nat",
                "peer_id",
                "p-2",
                "peers",
                3,
                "reconcile",
                true));

        assertThat(line).endsWith("}\n").hasLineCount(1);
        Map<String, Object> json = MiniJson.object(line);
        assertThat(json)
                .containsExactly(
                        entry("time", "2023-11-14T22:13:20.123Z"),
                        entry("level", "info"),
                        entry("component", "nat"),
                        entry("msg", "peer endpoint updated"),
                        entry("peer_id", "p-2"),
                        entry("peers", 3L),
                        entry("reconcile", true));
    }

    @Test
    void givenHostileText_layout_stillWritesValidJson() {
        String hostile = "q\"b\\s\nn\r\t\u0000\u001f\u2028 é 😀 \ud800";
        String line = layout.doLayout(event(
                Level.WARN, hostile, new IOException(hostile), "component", "x", "error", hostile, hostile, "key"));

        Map<String, Object> json = MiniJson.object(line);
        assertThat(json.get("msg")).isEqualTo(hostile);
        assertThat(json.get("error")).isEqualTo(hostile);
        assertThat(json.get(hostile)).isEqualTo("key");
        assertThat((String) json.get("exception")).isEqualTo("java.io.IOException: " + hostile);
        assertThat(line).hasLineCount(1);
    }

    @Test
    void givenNonFiniteAndOtherObjects_layout_writesThemAsStrings() {
        Map<String, Object> json = MiniJson.object(layout.doLayout(event(
                Level.INFO, "m", null, "nan", Double.NaN, "duration", java.time.Duration.ofSeconds(5), "none", null)));

        assertThat(json).contains(entry("nan", "NaN"), entry("duration", "PT5S"), entry("none", ""));
    }
}
