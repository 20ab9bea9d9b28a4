package io.peerexchange.bootstrap;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The option {@code run} and {@code discover} share that is not a configuration key: the file holding them. */
public final class SharedOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML config file (default: $PEEREXCHANGE_CONFIG, else none).")
    Path configFile;

    Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }
}
