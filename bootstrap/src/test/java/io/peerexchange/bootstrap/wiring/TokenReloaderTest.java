package io.peerexchange.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.bootstrap.config.TokenSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class TokenReloaderTest {
    private static final String OLD = "old-secret-token";
    private static final String NEW = "new-secret-token";

    @TempDir
    Path dir;

    private Path file;
    private BearerToken token;
    private TokenReloader reloader;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        file = Files.writeString(dir.resolve("token"), OLD + "\n");
        token = new BearerToken(OLD);
        reloader = new TokenReloader(Optional.of(TokenSource.file(file, "--token-file")), token);
        log.start();
        ((Logger) LoggerFactory.getLogger(TokenReloader.class)).addAppender(log);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(TokenReloader.class)).detachAppender(log);
    }

    @Test
    void givenUnchangedFile_reload_keepsTheTokenAndLogsNothing() {
        assertThat(reloader.reload()).isFalse();

        assertThat(token.value()).isEqualTo(OLD);
        assertThat(log.list).isEmpty();
    }

    @Test
    void givenRotatedFile_reload_installsTheNewTokenAndSaysSoWithoutIt() throws Exception {
        Files.writeString(file, NEW + "\n");

        assertThat(reloader.reload()).isTrue();

        assertThat(token.value()).isEqualTo(NEW);
        assertThat(messages()).containsExactly("control-plane token reloaded from its file");
        assertThat(rendered()).doesNotContain(OLD).doesNotContain(NEW);
        assertThat(reloader.reload()).as("the same token again is no change").isFalse();
    }

    @Test
    void givenFileMissingOrInvalidForAWhile_reload_keepsTheTokenAndWarnsOncePerProblem() throws Exception {
        Files.delete(file);
        assertThat(reloader.reload()).isFalse();
        assertThat(reloader.reload()).isFalse();
        Files.writeString(file, "has a space " + NEW);
        assertThat(reloader.reload()).isFalse();
        Files.writeString(file, NEW);
        assertThat(reloader.reload()).isTrue();

        assertThat(token.value()).isEqualTo(NEW);
        assertThat(messages())
                .containsExactly(
                        "token file not reloaded; keeping the current token",
                        "token file not reloaded; keeping the current token",
                        "token file readable again",
                        "control-plane token reloaded from its file");
        assertThat(log.list.get(0).getKeyValuePairs().get(1).value.toString()).contains("does not exist");
        assertThat(log.list.get(1).getKeyValuePairs().get(1).value.toString())
                .contains("visible ASCII")
                .doesNotContain(NEW);
        assertThat(rendered()).doesNotContain(OLD).doesNotContain(NEW);
    }

    @Test
    void givenTokenFromTheEnvironment_reload_watchesNothing() {
        TokenReloader env = new TokenReloader(Optional.of(TokenSource.environment(NEW)), token);

        assertThat(env.watchesAFile()).isFalse();
        assertThat(env.reload()).isFalse();
        assertThat(token.value()).isEqualTo(OLD);
        assertThat(reloader.watchesAFile()).isTrue();
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private String rendered() {
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent event : log.list) {
            all.append(event.getFormattedMessage())
                    .append(event.getKeyValuePairs())
                    .append('\n');
        }
        return all.toString();
    }
}
