package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.Version;
import picocli.CommandLine;

/** {@code --version} on every command. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    static String line() {
        return "peerexchange " + Version.value() + " (Java " + Runtime.version().feature() + ")";
    }
}
