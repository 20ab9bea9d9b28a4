package io.peerexchange.bootstrap.config;

/**
 * The configuration cannot be used. The message names the offending key in the spelling the
 * operator used (YAML key, environment variable or flag) and never contains a secret.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
