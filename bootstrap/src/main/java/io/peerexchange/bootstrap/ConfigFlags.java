package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.CommandName;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.Flag;
import io.peerexchange.bootstrap.config.RawValue;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags of one command's configuration keys, made from the key definitions. Values stay text
 * here: the config resolver parses flags, environment and file the same way, so an error reads the
 * same whichever layer holds it.
 */
final class ConfigFlags {
    private final CommandName command;
    private final Map<ConfigKey, OptionSpec> options = new EnumMap<>(ConfigKey.class);

    ConfigFlags(CommandName command) {
        this.command = command;
    }

    /** Adds an option for every key that has a flag on this command. */
    CommandLine addTo(CommandLine commandLine) {
        for (ConfigKey key : ConfigKey.values()) {
            key.definition().flag(command).ifPresent(flag -> {
                OptionSpec option = option(key, flag);
                options.put(key, option);
                commandLine.getCommandSpec().addOption(option);
            });
        }
        return commandLine;
    }

    private OptionSpec option(ConfigKey key, Flag flag) {
        OptionSpec.Builder option = OptionSpec.builder(flag.name())
                .paramLabel(flag.paramLabel())
                .description(key.definition().help(command).orElseThrow());
        return switch (key.definition().type().shape()) {
            case SCALAR -> option.type(String.class).build();
            case SWITCH ->
                option.type(String.class).arity("0..1").fallbackValue("true").build();
            case LIST ->
                option.type(List.class)
                        .auxiliaryTypes(String.class)
                        .splitRegex(",")
                        .build();
        };
    }

    /** The values given on the command line, each named by its flag. */
    Map<ConfigKey, RawValue> values() {
        Map<ConfigKey, RawValue> values = new EnumMap<>(ConfigKey.class);
        options.forEach((key, option) -> {
            Object value = option.getValue();
            String name = option.longestName();
            if (value instanceof List<?> items) {
                if (!items.isEmpty()) {
                    values.put(
                            key,
                            new RawValue(items.stream().map(String::valueOf).toList(), name));
                }
            } else if (value != null) {
                values.put(key, RawValue.of((String) value, name));
            }
        });
        return values;
    }
}
