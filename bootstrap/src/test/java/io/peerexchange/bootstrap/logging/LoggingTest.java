package io.peerexchange.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoggingTest {

    @ParameterizedTest
    @EnumSource(LogLevel.class)
    void givenAnyLevel_configure_neverLetsTheHttpClientLogHeaders(LogLevel level) {
        LoggerContext context = new LoggerContext();

        Logging.configure(context, LogFormat.TEXT, level);

        Level effective =
                context.getLogger("org.apache.hc.client5.http.headers").getEffectiveLevel();
        assertThat(effective.isGreaterOrEqual(Level.WARN)).isTrue();
        assertThat(context.getLogger("io.peerexchange.domain.Exchanger").getEffectiveLevel())
                .isEqualTo(level.logback());
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void givenAFormat_configure_writesToStderrOnly(LogFormat format) {
        LoggerContext context = new LoggerContext();

        Logging.configure(context, format, LogLevel.INFO);

        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("stderr"))
                .isNotNull()
                .satisfies(appender -> assertThat(appender.isStarted()).isTrue());
    }
}
