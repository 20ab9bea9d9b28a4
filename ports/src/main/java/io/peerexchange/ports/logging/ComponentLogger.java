package io.peerexchange.ports.logging;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * An slf4j logger whose every event carries {@code component=<name>}: the key is set here, once per
 * class, instead of at each call site.
 *
 * <pre>{@code
 * private static final ComponentLogger LOG = ComponentLogger.of(Discoverer.class, Component.NAT);
 * LOG.atInfo().addKeyValue("endpoint", endpoint).log("discovered public endpoint");
 * }</pre>
 */
public final class ComponentLogger {
    /** The log key naming the component. */
    public static final String KEY = "component";

    private final Logger logger;
    private final String component;

    private ComponentLogger(Logger logger, Component component) {
        this.logger = logger;
        this.component = component.logName();
    }

    public static ComponentLogger of(Class<?> owner, Component component) {
        return new ComponentLogger(LoggerFactory.getLogger(owner), Objects.requireNonNull(component, "component"));
    }

    public LoggingEventBuilder atError() {
        return logger.atError().addKeyValue(KEY, component);
    }

    public LoggingEventBuilder atWarn() {
        return logger.atWarn().addKeyValue(KEY, component);
    }

    public LoggingEventBuilder atInfo() {
        return logger.atInfo().addKeyValue(KEY, component);
    }

    public LoggingEventBuilder atDebug() {
        return logger.atDebug().addKeyValue(KEY, component);
    }

    public LoggingEventBuilder atTrace() {
        return logger.atTrace().addKeyValue(KEY, component);
    }

    public boolean isDebugEnabled() {
        return logger.isDebugEnabled();
    }

    public boolean isTraceEnabled() {
        return logger.isTraceEnabled();
    }
}
