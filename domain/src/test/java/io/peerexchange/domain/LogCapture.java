package io.peerexchange.domain;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Captures every log event of a test, with its key-value pairs. */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    public record Line(String level, String message, Map<String, Object> keys) {
        public Object key(String name) {
            return keys.get(name);
        }
    }

    private ListAppender<ILoggingEvent> appender;
    private Level previous;

    @Override
    public void beforeEach(ExtensionContext context) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        previous = root.getLevel();
        root.setLevel(Level.DEBUG);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        root.setLevel(previous);
    }

    public List<Line> lines() {
        // AppenderBase.doAppend holds the appender itself while it adds to the list.
        synchronized (appender) {
            return appender.list.stream().map(LogCapture::line).toList();
        }
    }

    public List<Line> lines(String message) {
        return lines().stream().filter(l -> l.message().equals(message)).toList();
    }

    public List<Line> matching(Predicate<Line> predicate) {
        return lines().stream().filter(predicate).toList();
    }

    private static Line line(ILoggingEvent event) {
        Map<String, Object> keys = new LinkedHashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                keys.put(pair.key, pair.value);
            }
        }
        return new Line(event.getLevel().toString(), event.getFormattedMessage(), keys);
    }
}
