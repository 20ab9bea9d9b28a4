package io.peerexchange.bootstrap.config;

import io.peerexchange.domain.ConfigField;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything about one configuration key, said once: its names (YAML key, environment variable,
 * flags per command), its value type, its default, its help line and its README line. The resolver,
 * the command-line options and the documentation checks all read it from here.
 *
 * @param <T> the parsed value
 */
public final class KeyDefinition<T> {
    private static final String ENV_PREFIX = "PEEREXCHANGE_";

    private final String yamlKey;
    private final String label;
    private final ValueType<T> type;
    private final Optional<T> defaultValue;
    private final String whenUnset;
    private final boolean requiredForRun;
    private final Map<CommandName, Flag> flags;
    private final Map<CommandName, T> commandDefaults;
    private final String meaning;
    private final boolean reloadable;
    private final boolean live;
    private final Optional<ConfigField> domainField;
    private final Optional<Consumer<T>> rule;
    private final Optional<Alternative> alternative;

    /**
     * An environment variable that stands in for the key (the token itself instead of its file).
     *
     * @param label   the README's name for it
     * @param meaning the README's line for it
     */
    public record Alternative(String variable, String label, String meaning) {
        public Alternative {
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(meaning, "meaning");
        }
    }

    private KeyDefinition(Builder<T> b) {
        this.yamlKey = b.yamlKey;
        this.label = Objects.requireNonNull(b.label, "label of " + b.yamlKey);
        this.type = b.type;
        this.defaultValue = Optional.ofNullable(b.defaultValue);
        this.whenUnset = b.whenUnset;
        this.requiredForRun = b.requiredForRun;
        this.flags = Map.copyOf(b.flags);
        this.commandDefaults = Map.copyOf(b.commandDefaults);
        this.meaning = Objects.requireNonNull(b.meaning, "meaning of " + b.yamlKey);
        this.reloadable = b.reloadable;
        this.live = b.live;
        this.domainField = Optional.ofNullable(b.domainField);
        this.rule = Optional.ofNullable(b.rule);
        if (rule.isPresent() && domainField.isEmpty()) {
            throw new IllegalArgumentException(yamlKey + ": a core rule needs the core's field (checkedAs)");
        }
        this.alternative = Optional.ofNullable(b.alternative);
        if (!flags.containsKey(CommandName.RUN)) {
            throw new IllegalArgumentException(yamlKey + ": every key has a run flag");
        }
        if (defaultValue.isPresent() && requiredForRun) {
            throw new IllegalArgumentException(yamlKey + ": a required key has no default");
        }
        if (defaultValue.isEmpty()
                && flags.values().stream().anyMatch(f -> f.description().contains("{default}"))) {
            throw new IllegalArgumentException(yamlKey + ": help shows a default the key does not have");
        }
    }

    /** Starts the definition of the key {@code yamlKey}, whose value is a {@code type}. */
    static <T> Builder<T> key(String yamlKey, ValueType<T> type) {
        return new Builder<>(yamlKey, type);
    }

    public String yamlKey() {
        return yamlKey;
    }

    /** {@code PEEREXCHANGE_} and the YAML key in upper case. */
    public String envVar() {
        return ENV_PREFIX + yamlKey.toUpperCase(Locale.ROOT);
    }

    /** The README's name for the setting: {@code listen port}. */
    public String label() {
        return label;
    }

    public ValueType<T> type() {
        return type;
    }

    /** The value when no layer sets it; empty when the key is then simply unset. */
    public Optional<T> defaultValue() {
        return defaultValue;
    }

    /** What being unset means, for a key without a default: {@code —}, {@code system trust}. */
    public String whenUnset() {
        return whenUnset;
    }

    /** Whether {@code run} refuses to start without it. */
    public boolean requiredForRun() {
        return requiredForRun;
    }

    public Optional<Flag> flag(CommandName command) {
        return Optional.ofNullable(flags.get(command));
    }

    /**
     * A command's own default, which only that command's flag overrides: {@code discover} logs at
     * {@code error} unless {@code --log-level} is given, whatever file and environment say.
     */
    public Optional<T> defaultIn(CommandName command) {
        return Optional.ofNullable(commandDefaults.get(command));
    }

    /** The README's line: what the key means. */
    public String meaning() {
        return meaning;
    }

    /** Whether what the key names may change while the agent runs, without a restart. */
    public boolean reloadable() {
        return reloadable;
    }

    /**
     * Whether a SIGHUP applies a new value to the running agent ({@code live}); otherwise the key
     * changes only on restart, and a reload that changes it says so.
     */
    public boolean live() {
        return live;
    }

    /** {@code live} or {@code restart}, as the README and {@code config check} say it. */
    public String reload() {
        return live ? "live" : "restart";
    }

    /** The core's name for the setting, when the core checks it. */
    public Optional<ConfigField> domainField() {
        return domainField;
    }

    /**
     * Runs the core's own rule for this setting, if it has one beyond what the core's {@code Config}
     * checks.
     *
     * @throws io.peerexchange.domain.InvalidConfigException naming {@link #domainField()}
     */
    @SuppressWarnings("unchecked") // the resolver stores this key's values as parsed by this key's type
    void checkRule(Object value) {
        rule.ifPresent(r -> r.accept((T) value));
    }

    public Optional<Alternative> alternative() {
        return alternative;
    }

    /** The default as an operator would write it, one item per list element; empty without a default. */
    public List<String> formattedDefault() {
        return defaultValue.map(type::format).orElse(List.of());
    }

    /** A value of this key as an operator would write it, one item per list element. */
    @SuppressWarnings("unchecked") // the resolver stores this key's values as parsed by this key's type
    public List<String> formatted(Object value) {
        return type.format((T) value);
    }

    /** A command's default as an operator would write it. */
    public List<String> formattedDefaultIn(CommandName command) {
        return defaultIn(command).map(type::format).orElse(List.of());
    }

    /** The help line of this key's flag on {@code command}. */
    public Optional<String> help(CommandName command) {
        return flag(command)
                .map(flag -> flag.description()
                        .replace("{default}", String.join(", ", formattedDefault()))
                        .replace("{key}", yamlKey));
    }

    /** Collects a definition; {@link ConfigKey} holds the results. */
    static final class Builder<T> {
        private final String yamlKey;
        private final ValueType<T> type;
        private final Map<CommandName, Flag> flags = new EnumMap<>(CommandName.class);
        private final Map<CommandName, T> commandDefaults = new EnumMap<>(CommandName.class);
        private String label;
        private T defaultValue;
        private String whenUnset = "—";
        private boolean requiredForRun;
        private String meaning;
        private boolean reloadable;
        private boolean live;
        private ConfigField domainField;
        private Consumer<T> rule;
        private Alternative alternative;

        private Builder(String yamlKey, ValueType<T> type) {
            if (!yamlKey.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("a YAML key is lower case with underscores: " + yamlKey);
            }
            this.yamlKey = yamlKey;
            this.type = Objects.requireNonNull(type, "type");
        }

        Builder<T> label(String value) {
            label = value;
            return this;
        }

        Builder<T> defaultValue(T value) {
            defaultValue = Objects.requireNonNull(value, "default");
            return this;
        }

        /** For a key without a default: what being unset means. */
        Builder<T> whenUnset(String value) {
            whenUnset = Objects.requireNonNull(value, "whenUnset");
            return this;
        }

        Builder<T> requiredForRun() {
            requiredForRun = true;
            return this;
        }

        /** The same flag on each of {@code commands}. */
        Builder<T> flag(String name, String paramLabel, String description, CommandName... commands) {
            if (commands.length == 0) {
                throw new IllegalArgumentException(yamlKey + ": a flag belongs to at least one command");
            }
            Arrays.stream(commands).forEach(command -> flags.put(command, new Flag(name, paramLabel, description)));
            return this;
        }

        Builder<T> defaultIn(CommandName command, T value) {
            commandDefaults.put(command, Objects.requireNonNull(value, "default"));
            return this;
        }

        Builder<T> meaning(String value) {
            meaning = value;
            return this;
        }

        Builder<T> reloadable() {
            reloadable = true;
            return this;
        }

        /** A SIGHUP applies a new value without a restart. */
        Builder<T> live() {
            live = true;
            return this;
        }

        /** The core checks this setting too, and reports it as {@code field}. */
        Builder<T> checkedAs(ConfigField field) {
            domainField = Objects.requireNonNull(field, "field");
            return this;
        }

        /** The core checks this setting, as {@code field}, with {@code rule} when the configuration is resolved. */
        Builder<T> checkedAs(ConfigField field, Consumer<T> rule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            return checkedAs(field);
        }

        Builder<T> alternative(String variable, String label, String meaning) {
            alternative = new Alternative(variable, label, meaning);
            return this;
        }

        KeyDefinition<T> build() {
            return new KeyDefinition<>(this);
        }
    }
}
