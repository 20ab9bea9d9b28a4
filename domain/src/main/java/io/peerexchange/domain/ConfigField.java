package io.peerexchange.domain;

/**
 * The settings the core checks, carried by {@link InvalidConfigException} so that a caller can name
 * the setting the way its operator wrote it without reading the message.
 */
public enum ConfigField {
    STUN_SERVERS,
    REFRESH_INTERVAL,
    TIMEOUT,
    LISTEN_PORT,
    HEARTBEAT_INTERVAL,
    RECONCILE_INTERVAL
}
