package io.peerexchange.domain;

import java.util.Objects;

/** A configuration value breaks a rule: {@link #field()} says which setting, the message is the rule. */
public class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final ConfigField field;

    public InvalidConfigException(ConfigField field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    public ConfigField field() {
        return field;
    }
}
