package io.peerexchange.adapters.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.controlplane.HttpControlPlane;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bearer token, connection settings and Retry-After: the small value types of the HTTP plumbing. */
class SettingsTest {

    @Test
    void givenToken_toString_isRedacted() {
        BearerToken token = BearerToken.of("abc.def-123");

        assertThat(token.toString()).doesNotContain("abc");
        assertThat(token.value()).isEqualTo("abc.def-123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "secret\n", "sec\rret", "with space", "tab\tsecret", "ünicode"})
    void givenBadToken_create_failsWithoutEchoingIt(String bad) {
        assertThatThrownBy(() -> BearerToken.of(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("sec"));
    }

    @Test
    void givenTokenLongerThanTheCap_create_failsNamingTheCap() {
        assertThat(BearerToken.of("t".repeat(BearerToken.MAX_LENGTH)).value()).hasSize(BearerToken.MAX_LENGTH);
        assertThatThrownBy(() -> BearerToken.of("t".repeat(BearerToken.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bearer token is longer than " + BearerToken.MAX_LENGTH + " characters");
    }

    @Test
    void givenBadReplacement_set_keepsTheOldToken() {
        BearerToken token = BearerToken.of("first");

        assertThatThrownBy(() -> token.set("second\n")).isInstanceOf(IllegalArgumentException.class);

        assertThat(token.value()).isEqualTo("first");
    }

    @Test
    void givenHttps_settings_normaliseTrailingSlash() {
        ControlPlaneSettings settings = ControlPlaneSettings.defaults(URI.create("https://cp.example.com/api/"));

        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://cp.example.com/api"));
        assertThat(settings.resolve("/v1/nodes/n/state"))
                .isEqualTo(URI.create("https://cp.example.com/api/v1/nodes/n/state"));
        assertThat(settings.userAgent()).isEqualTo("peerexchange/dev");
    }

    @Test
    void givenPlainHttpWithoutAllowHttp_settings_refuseNamingTheOptions() {
        assertThatThrownBy(() -> ControlPlaneSettings.defaults(URI.create("http://cp.example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control-plane-url")
                .hasMessageContaining("allow-http");
    }

    @Test
    void givenPlainHttpWithAllowHttp_settings_accept() {
        assertThat(new ControlPlaneSettings(URI.create("http://127.0.0.1:8080"), "1.0", true, false, Optional.empty())
                        .baseUrl())
                .hasScheme("http");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://cp.example.com",
                "cp.example.com",
                "https://user:pw@cp.example.com",
                "https://cp.example.com/?token=x",
                "https:///nohost"
            })
    void givenBadUrl_settings_refuseNamingTheOption(String url) {
        assertThatThrownBy(() -> ControlPlaneSettings.defaults(URI.create(url)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control-plane-url")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw").doesNotContain("token=x"));
    }

    @Test
    void givenInsecureAndCaFile_settings_refuse() {
        assertThatThrownBy(() -> new ControlPlaneSettings(
                        URI.create("https://cp"), "1", false, true, Optional.of(Path.of("/tmp/ca.pem"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("insecure-tls");
    }

    @Test
    void givenBadVersion_settings_refuse() {
        assertThatThrownBy(() -> new ControlPlaneSettings(
                        URI.create("https://cp"), "1.0\r\nX: y", false, false, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
    }

    @Test
    void givenUnreadableOrEmptyCaFile_client_failsClearly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        for (Path file : new Path[] {dir.resolve("missing.pem"), empty}) {
            ControlPlaneSettings settings =
                    new ControlPlaneSettings(URI.create("https://cp"), "1", false, false, Optional.of(file));
            assertThatThrownBy(() -> new HttpControlPlane(settings, BearerToken.of("t")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ca-file");
        }
    }

    @Test
    void givenRetryAfterForms_parse_readsSecondsAndDatesAndIgnoresGarbage() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);

        assertThat(RetryAfter.parse("30", clock)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Tue, 01 Jan 2030 00:02:00 GMT", clock)).contains(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse("Mon, 31 Dec 2029 23:00:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999999", clock)).contains(RetryAfter.MAX);
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse("-5", clock)).isEmpty();
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
    }
}
