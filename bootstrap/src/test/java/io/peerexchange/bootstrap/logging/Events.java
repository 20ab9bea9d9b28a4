package io.peerexchange.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.slf4j.event.KeyValuePair;

/** Builds logging events for the layout tests. */
final class Events {
    private static final LoggerContext CONTEXT = new LoggerContext();

    private Events() {}

    static LoggingEvent event(Level level, String message, Throwable error, Object... keyValues) {
        LoggingEvent event = new LoggingEvent(
                "test", CONTEXT.getLogger("io.peerexchange.domain.Discoverer"), level, message, error, null);
        event.setTimeStamp(1_700_000_000_123L);
        for (int i = 0; i < keyValues.length; i += 2) {
            event.addKeyValuePair(new KeyValuePair((String) keyValues[i], keyValues[i + 1]));
        }
        return event;
    }
}
