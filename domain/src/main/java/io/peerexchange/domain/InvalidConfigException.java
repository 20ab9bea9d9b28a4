package io.peerexchange.domain;

/** A configuration value breaks a rule; the message is the rule. */
public class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }
}
