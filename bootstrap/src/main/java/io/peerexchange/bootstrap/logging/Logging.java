package io.peerexchange.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback in code: one stderr appender in the chosen format at the chosen level. No
 * {@code logback.xml} is read (a stray one on the class path cannot change what the agent logs),
 * and stdout stays free for command output such as {@code discover --json}.
 */
public final class Logging {
    /**
     * The HTTP client logs request headers (the {@code Authorization} bearer token among them) at
     * debug; its loggers never go below this level, whatever the agent's level.
     */
    static final Level HTTP_CLIENT_FLOOR = Level.WARN;

    static final String HTTP_CLIENT_LOGGERS = "org.apache.hc";

    private Logging() {}

    /** Reconfigures the running logging system; does nothing if SLF4J is not bound to Logback. */
    public static void configure(LogFormat format, LogLevel level) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            configure(context, format, level);
        }
    }

    static void configure(LoggerContext context, LogFormat format, LogLevel level) {
        context.reset();
        boolean stackTraces = level.compareTo(LogLevel.DEBUG) <= 0;
        LayoutBase<ILoggingEvent> layout =
                format == LogFormat.JSON ? new JsonLayout(stackTraces) : new LogfmtLayout(stackTraces);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level.logback());
        root.addAppender(appender);
        Level httpLevel = level.logback().isGreaterOrEqual(HTTP_CLIENT_FLOOR) ? level.logback() : HTTP_CLIENT_FLOOR;
        context.getLogger(HTTP_CLIENT_LOGGERS).setLevel(httpLevel);
    }
}
