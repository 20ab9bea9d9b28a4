package io.peerexchange.bootstrap.logging;

import static io.peerexchange.bootstrap.logging.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LogfmtLayoutTest {
    private final LogfmtLayout layout = new LogfmtLayout(false);

    @Test
    void givenKeyValues_layout_writesTimeLevelComponentMsgThenThePairs() {
        String line = layout.doLayout(event(
                Level.INFO,
                "discovered public endpoint",
                null,
                "component",
                "nat",
                "endpoint",
                "203.0.113.5:54321",
                "nat_type",
                "full_cone"));

        assertThat(line)
                .isEqualTo("time=2023-11-14T22:13:20.123Z level=info component=nat "
                        + "msg=\"discovered public endpoint\" endpoint=203.0.113.5:54321 nat_type=full_cone\n");
    }

    @Test
    void givenValuesWithSpacesQuotesEqualsAndNewlines_layout_quotesAndEscapesThem() {
        String line = layout.doLayout(event(
                Level.WARN,
                "x",
                null,
                "component",
                "nat",
                "error",
                "no answer \"quickly\"",
                "expr",
                "a=b",
                "multi",
                "one\ntwo",
                "empty",
                "",
                "path",
                "C:\\x"));

        assertThat(line)
                .contains(" error=\"no answer \\\"quickly\\\"\"")
                .contains(" expr=\"a=b\"")
                .contains(" multi=\"one\\ntwo\"")
                .contains(" empty=\"\"")
                .contains(" path=\"C:\\\\x\"")
                .endsWith("\n")
                .hasLineCount(1);
    }

    @Test
    void givenNoComponentKey_layout_usesTheLoggerName() {
        assertThat(layout.doLayout(event(Level.DEBUG, "m", null))).contains(" level=debug component=discoverer msg=m");
    }

    @Test
    void givenAnException_layout_staysOnOneLineWithoutStackTrace() {
        String line = layout.doLayout(event(
                Level.ERROR,
                "failed",
                new IOException("boom", new IllegalStateException("root")),
                "component",
                "agent"));

        assertThat(line)
                .hasLineCount(1)
                .contains(" exception=\"java.io.IOException: boom; caused by java.lang.IllegalStateException: root\"")
                .doesNotContain("\tat ");
    }

    @Test
    void givenDebugStackTraces_layout_keepsThemEscapedOnOneLine() {
        String line = new LogfmtLayout(true).doLayout(event(Level.ERROR, "failed", new IOException("boom")));

        assertThat(line).hasLineCount(1).contains("\\n\\tat ");
    }

    @Test
    void givenAKeyWithSpaces_layout_keepsTheLineSplittable() {
        assertThat(layout.doLayout(event(Level.INFO, "m", null, "bad key=", 1))).contains(" bad_key_=1");
    }
}
