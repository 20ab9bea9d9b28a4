package io.peerexchange.bootstrap.wiring;

import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.bootstrap.config.ConfigException;
import io.peerexchange.bootstrap.config.TokenSource;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-reads the token file, so that a rotated token is used without restarting the agent: the
 * agent checks it every {@link #CHECK_INTERVAL}, and the event stream at once when the control
 * plane answers 401 ({@link #reload()} is its {@code TokenRefresh}).
 * A file that is missing, empty or invalid for a while (a rotation that is not atomic) keeps the
 * current token and is reported once, not at every check. A token from the environment never
 * changes. Neither token appears in a log line.
 */
public final class TokenReloader {
    private static final ComponentLogger LOG = ComponentLogger.of(TokenReloader.class, Component.CONTROLPLANE);

    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

    private final Optional<TokenSource> source;
    private final BearerToken token;
    private String lastProblem;

    public TokenReloader(Optional<TokenSource> source, BearerToken token) {
        this.source =
                Objects.requireNonNull(source, "source").filter(s -> s.path().isPresent());
        this.token = Objects.requireNonNull(token, "token");
    }

    /** Whether there is a file to watch. */
    public boolean watchesAFile() {
        return source.isPresent();
    }

    /**
     * Reads the file and installs its token when it differs from the current one.
     *
     * @return whether a new token was installed
     */
    public synchronized boolean reload() {
        if (source.isEmpty()) {
            return false;
        }
        BearerToken read;
        try {
            read = source.get().load();
        } catch (ConfigException e) {
            if (!e.getMessage().equals(lastProblem)) {
                lastProblem = e.getMessage();
                LOG.atWarn()
                        .addKeyValue("error", e.getMessage())
                        .log("token file not reloaded; keeping the current token");
            }
            return false;
        }
        if (lastProblem != null) {
            lastProblem = null;
            LOG.atInfo().log("token file readable again");
        }
        if (read.value().equals(token.value())) {
            return false;
        }
        token.set(read.value());
        LOG.atInfo()
                .addKeyValue("token_file", source.get().path().orElseThrow())
                .log("control-plane token reloaded from its file");
        return true;
    }
}
