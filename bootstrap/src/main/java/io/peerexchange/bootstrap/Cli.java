package io.peerexchange.bootstrap;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code peerexchange} command line: {@code run}, {@code discover}, {@code status}, {@code config check}, {@code version}. Usage errors
 * exit 2 with the message and a hint, never a stack trace; unexpected errors exit 1 with one line.
 */
@Command(
        name = "peerexchange",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "WireGuard peer endpoint exchange agent.",
        footer = {"", "Run 'peerexchange COMMAND --help' for a command's options."})
public final class Cli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Parses {@code args}, runs the command and returns its exit code. */
    public static int execute(String[] args, CliContext context) {
        return commandLine(context).execute(args);
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(new Cli());
        cli.addSubcommand(new RunCommand(context).commandLine());
        cli.addSubcommand(new DiscoverCommand(context).commandLine());
        cli.addSubcommand(new StatusCommand(context).commandLine());
        cli.addSubcommand(ConfigCommand.commandLine(context));
        cli.addSubcommand(new CommandLine(new VersionCommand(context)));
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("peerexchange: " + e.getMessage());
            e.getCommandLine()
                    .getErr()
                    .println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                            + " --help' for more information.");
            e.getCommandLine().getErr().flush();
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine
                    .getErr()
                    .println("peerexchange: unexpected error: " + e.getClass().getName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            commandLine.getErr().flush();
            return ExitCode.FAILURE;
        });
        return cli;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: run, discover, status, config or version");
    }
}
