package io.peerexchange.bootstrap;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code peerexchange version}. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Prints the version.")
final class VersionCommand implements Callable<Integer> {
    private final CliContext context;

    VersionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.out().println(VersionProvider.line());
        context.out().flush();
        return ExitCode.OK;
    }
}
