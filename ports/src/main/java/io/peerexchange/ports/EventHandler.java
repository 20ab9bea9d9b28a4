package io.peerexchange.ports;

/** Handles one decoded control-plane event. A thrown exception is logged; other handlers still run. */
@FunctionalInterface
public interface EventHandler<T> {
    void handle(T event) throws Exception;
}
