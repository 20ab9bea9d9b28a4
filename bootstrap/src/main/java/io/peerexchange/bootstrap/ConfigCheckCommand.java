package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.CommandName;
import io.peerexchange.bootstrap.config.ConfigException;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.ConfigResolver;
import io.peerexchange.bootstrap.config.KeyDefinition;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code peerexchange config check}: resolves the configuration {@code run} would use (file and
 * environment), checks it and that the token can be read, and prints every key's effective value with
 * where it came from and whether a SIGHUP applies it. The token itself is never printed.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Validates the configuration `run` would use and prints it, secrets redacted.",
            "Each line says where the value came from and whether SIGHUP applies it (live) or it needs a restart."
        },
        footer = {"", "Exit codes: 0 valid, 2 invalid (the message names the key)."})
final class ConfigCheckCommand implements Callable<Integer> {
    static final String REDACTED = "<redacted>";

    private final CliContext context;

    @Mixin
    SharedOptions shared = new SharedOptions();

    ConfigCheckCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        AgentConfig config;
        try {
            config = new ConfigResolver(context.env())
                    .resolve(CommandName.RUN, shared.configFile(), new EnumMap<>(ConfigKey.class), false)
                    .requireForRun();
            // Read to prove it is readable; the value goes nowhere.
            config.tokenSource().orElseThrow().load();
        } catch (ConfigException e) {
            context.fail("invalid configuration: " + e.getMessage());
            return ExitCode.USAGE;
        }
        PrintWriter out = context.out();
        out.println("# peerexchange configuration: valid; value, then where it came from and how it reloads");
        for (ConfigKey key : ConfigKey.values()) {
            KeyDefinition<?> d = key.definition();
            Optional<Object> value = config.find(key, Object.class);
            String text = value.map(v -> format(d.formatted(v))).orElse("# unset: " + d.whenUnset());
            // A key set in a layer is named as written there; one that is not kept its default.
            String origin = value.isEmpty()
                    ? "unset"
                    : config.nameOf(key).equals(key.yamlKey()) ? "default" : config.nameOf(key);
            out.println(key.yamlKey() + ": " + text + "    # " + origin + ", " + d.reload());
        }
        token(out, config);
        out.flush();
        return ExitCode.OK;
    }

    private static void token(PrintWriter out, AgentConfig config) {
        out.println("# token: " + REDACTED + " (from "
                + config.tokenSource().map(Object::toString).orElse("none") + ")");
    }

    private static String format(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return "[" + String.join(", ", items) + "]";
    }
}
