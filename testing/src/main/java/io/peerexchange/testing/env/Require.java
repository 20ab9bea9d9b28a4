package io.peerexchange.testing.env;

import io.peerexchange.testing.process.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Preconditions of the real-process tests. A missing one skips the test with its reason on a
 * developer's machine; under {@code CI=true} it fails, because CI runs as root with every tool
 * installed and a skipped lab test there would hide a broken lab.
 */
public final class Require {
    private Require() {}

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Effective uid 0 (the user name can lie). */
    public static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Root, for {@code why} (e.g. "network namespaces need root"). */
    public static void root(String why) {
        that(isRoot(), "needs root: " + why);
    }

    /** Each command on the PATH (or in the sbin directories a non-login root shell may lack). */
    public static void commands(String... names) {
        for (String name : names) {
            that(Commands.onPath(name), "needs the command '" + name + "' on the PATH");
        }
    }

    /** A command on the PATH, with the package that brings it named in the reason. */
    public static void command(String name, String debianPackage) {
        that(
                Commands.onPath(name),
                "needs the command '" + name + "' on the PATH (Debian package " + debianPackage + ")");
    }

    /** {@code condition}, else skip (or fail under CI) saying "this test {@code reason}". */
    public static void that(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if (isCi()) {
            throw new AssertionError("CI=true, so this test must run, but it " + reason);
        }
        Assumptions.abort("skipped: this test " + reason);
    }
}
