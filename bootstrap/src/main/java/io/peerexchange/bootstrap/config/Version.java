package io.peerexchange.bootstrap.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, from the build (a filtered resource), {@code dev} when run from unbuilt sources. */
public final class Version {
    private static final String VALUE = load();

    private Version() {}

    public static String value() {
        return VALUE;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/io/peerexchange/bootstrap/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "dev");
            return version.isEmpty() || version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }
}
