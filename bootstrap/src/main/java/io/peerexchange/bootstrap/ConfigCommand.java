package io.peerexchange.bootstrap;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code peerexchange config}: commands about the configuration itself. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Configuration tools.")
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static CommandLine commandLine(CliContext context) {
        return new CommandLine(new ConfigCommand()).addSubcommand(new CommandLine(new ConfigCheckCommand(context)));
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: check");
    }
}
