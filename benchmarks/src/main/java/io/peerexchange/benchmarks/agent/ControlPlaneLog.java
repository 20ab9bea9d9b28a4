package io.peerexchange.benchmarks.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Learns from the in-process reference control plane's own log events when a node reported its
 * endpoint or opened its event stream, stamped with {@link System#nanoTime()} as they happen: no
 * polling, so the time to the first report is exact to the logging call.
 */
final class ControlPlaneLog extends AppenderBase<ILoggingEvent> {
    /** One control-plane log event of interest. */
    record Seen(long nanos, String message, String nodeId) {}

    /** Guarded by {@code this}: everything seen since the last {@link #clear()}. */
    private final List<Seen> seen = new ArrayList<>();

    static ControlPlaneLog attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger logger = context.getLogger("io.peerexchange.devtools.controlplane");
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        ControlPlaneLog appender = new ControlPlaneLog();
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    @Override
    protected void append(ILoggingEvent event) {
        long now = System.nanoTime();
        String node = "";
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                // "event published" names its receiver in "to"; the other events name the node in "node_id".
                if (pair.key.equals("node_id") || (pair.key.equals("to") && node.isEmpty())) {
                    node = String.valueOf(pair.value);
                }
            }
        }
        synchronized (this) {
            seen.add(new Seen(now, event.getMessage(), node));
            notifyAll();
        }
    }

    synchronized void clear() {
        seen.clear();
    }

    /**
     * The first event since the last {@link #clear()} with this message and node (whenever it came,
     * so two awaited events may arrive in either order), or null after {@code timeoutMillis}.
     */
    synchronized Seen await(String message, String nodeId, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            for (Seen s : seen) {
                if (s.message().equals(message) && s.nodeId().equals(nodeId)) {
                    return s;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
