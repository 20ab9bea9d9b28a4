package io.peerexchange.adapters.stun.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import org.junit.jupiter.api.Assumptions;

/** Skips a test with a visible reason when a precondition is missing, except in CI, where it fails. */
public final class Environment {
    private Environment() {}

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static void requireRoot(String why) {
        require(isRoot(), "needs root: " + why);
    }

    public static void requireCommand(String command) {
        require(findCommand(command) != null, "needs the command '" + command + "' on the PATH");
    }

    public static String findCommand(String command) {
        String path = System.getenv("PATH");
        String dirs = (path == null ? "" : path + File.pathSeparator) + "/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : dirs.split(File.pathSeparator)) {
            File candidate = new File(dir, command);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }

    private static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if (isCi()) {
            fail("CI=true, so this test must run, but it " + reason);
        }
        Assumptions.abort("skipped: this test " + reason);
    }
}
