package io.peerexchange.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.controlplane.events.StreamSettings;
import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.bootstrap.logging.LogFormat;
import io.peerexchange.bootstrap.logging.LogLevel;
import io.peerexchange.domain.Config;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.StunServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigResolverTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final Map<ConfigKey, RawValue> flags = new EnumMap<>(ConfigKey.class);

    private AgentConfig resolve(Path file) throws ConfigException {
        return new ConfigResolver(env).resolve(Optional.ofNullable(file), flags, false);
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("config.yaml"), text);
    }

    private void flag(ConfigKey key, String value) {
        flags.put(key, RawValue.of(value, key.flag()));
    }

    @Test
    void givenNothing_resolve_yieldsTheDocumentedDefaults() throws Exception {
        AgentConfig config = resolve(null);

        assertThat(config.nodeId()).isEmpty();
        assertThat(config.controlPlaneUrl()).isEmpty();
        assertThat(config.tokenSource()).isEmpty();
        assertThat(config.caFile()).isEmpty();
        assertThat(config.insecureTls()).isFalse();
        assertThat(config.allowHttp()).isFalse();
        assertThat(config.interfaceName()).isEqualTo("wg0");
        assertThat(config.listenPort()).isEqualTo(51820);
        assertThat(config.wgBackend()).isEqualTo(Backend.AUTO);
        assertThat(config.natEnabled()).isTrue();
        assertThat(config.exchangeConfig().stunServers()).isEqualTo(Config.DEFAULT_STUN_SERVERS);
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.signingKey()).isEmpty();
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.streamSettings()).isEqualTo(StreamSettings.defaults());
        assertThat(config.logLevel()).isEqualTo(LogLevel.INFO);
        assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void givenEveryKeyInTheFile_resolve_readsThemAll() throws Exception {
        Path file = yaml("""
                node_id: node-1
                control_plane_url: https://cp.example.com/api
                token_file: /etc/peerexchange/token
                ca_file: /etc/peerexchange/ca.pem
                insecure_tls: false
                allow_http: true
                interface: wg7
                listen_port: 51999
                wg_backend: netlink
                nat_enabled: false
                stun_servers:
                  - 192.0.2.1:3478
                  - stun.example.com:3478
                refresh_interval: 2m
                timeout: 1500ms
                signing_key: MCowBQYDK2VwAyEA
                heartbeat_interval: 15s
                log_level: debug
                log_format: json
                """);

        AgentConfig config = resolve(file);

        assertThat(config.nodeId()).contains(NodeId.of("node-1"));
        assertThat(config.controlPlaneUrl()).contains(URI.create("https://cp.example.com/api"));
        assertThat(config.tokenSource().orElseThrow().path()).contains(Path.of("/etc/peerexchange/token"));
        assertThat(config.caFile()).contains(Path.of("/etc/peerexchange/ca.pem"));
        assertThat(config.allowHttp()).isTrue();
        assertThat(config.interfaceName()).isEqualTo("wg7");
        assertThat(config.listenPort()).isEqualTo(51999);
        assertThat(config.wgBackend()).isEqualTo(Backend.NETLINK);
        assertThat(config.natEnabled()).isFalse();
        assertThat(config.stunServers())
                .containsExactly(StunServer.parse("192.0.2.1:3478"), StunServer.parse("stun.example.com:3478"));
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.signingKey()).contains("MCowBQYDK2VwAyEA");
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.logLevel()).isEqualTo(LogLevel.DEBUG);
        assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
    }

    @Test
    void givenFileEnvAndFlag_resolve_flagBeatsEnvBeatsFile() throws Exception {
        Path file = yaml("listen_port: 1000\ninterface: wgfile\nnode_id: from-file\nstun_servers: [192.0.2.1:3478]\n");
        env.put("PEEREXCHANGE_LISTEN_PORT", "2000");
        env.put("PEEREXCHANGE_INTERFACE", "wgenv");
        env.put("PEEREXCHANGE_STUN_SERVERS", "192.0.2.2:3478,192.0.2.3:3478");
        flag(ConfigKey.LISTEN_PORT, "3000");

        AgentConfig config = resolve(file);

        assertThat(config.listenPort()).isEqualTo(3000);
        assertThat(config.interfaceName()).isEqualTo("wgenv");
        assertThat(config.nodeId()).contains(NodeId.of("from-file"));
        assertThat(config.stunServers())
                .extracting(StunServer::toString)
                .containsExactly("192.0.2.2:3478", "192.0.2.3:3478");
        assertThat(config.nameOf(ConfigKey.LISTEN_PORT)).isEqualTo("--listen-port");
        assertThat(config.nameOf(ConfigKey.INTERFACE)).isEqualTo("PEEREXCHANGE_INTERFACE");
        assertThat(config.nameOf(ConfigKey.NODE_ID)).startsWith("node_id (in ");
    }

    @Test
    void givenAnEmptyEnvironmentVariable_resolve_treatsItAsUnset() throws Exception {
        env.put("PEEREXCHANGE_INTERFACE", "");

        assertThat(resolve(yaml("interface: wgfile\n")).interfaceName()).isEqualTo("wgfile");
    }

    @Test
    void givenPeerexchangeConfig_resolve_readsThatFileWhenNoFlagNamesOne() throws Exception {
        env.put("PEEREXCHANGE_CONFIG", yaml("interface: wgviaenv\n").toString());

        assertThat(resolve(null).interfaceName()).isEqualTo("wgviaenv");
    }

    @Test
    void givenRepeatedStunServerFlags_resolve_keepsThemInOrder() throws Exception {
        flags.put(
                ConfigKey.STUN_SERVERS, new RawValue(List.of("192.0.2.9:3478", "[2001:db8::1]:3478"), "--stun-server"));

        assertThat(resolve(null).stunServers())
                .extracting(StunServer::toString)
                .containsExactly("192.0.2.9:3478", "[2001:db8::1]:3478");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "NODE_ID|has space|invalid --node-id: invalid node id",
                "CONTROL_PLANE_URL|not a url|invalid --control-plane-url:",
                "CONTROL_PLANE_URL|ftp://cp.example.com|invalid --control-plane-url: expected an absolute URL",
                "INSECURE_TLS|maybe|invalid --insecure-tls: expected true or false",
                "ALLOW_HTTP|2|invalid --allow-http: expected true or false",
                "INTERFACE|../etc|invalid --interface:",
                "INTERFACE|averyveryverylongname|invalid --interface:",
                "LISTEN_PORT|65536|invalid --listen-port: expected a port number 0-65535",
                "LISTEN_PORT|-1|invalid --listen-port: expected a port number 0-65535",
                "LISTEN_PORT|http|invalid --listen-port: expected a port number 0-65535",
                "WG_BACKEND|kernel|invalid --wg-backend: expected auto, uapi or netlink",
                "NAT_ENABLED|yes please|invalid --nat-enabled: expected true or false",
                "STUN_SERVERS|stun.example.com|invalid --stun-server: invalid STUN server",
                "STUN_SERVERS|192.0.2.1:0|invalid --stun-server: invalid STUN server",
                "REFRESH_INTERVAL|5s|invalid --refresh-interval: RefreshInterval must be at least 10s",
                "REFRESH_INTERVAL|ten seconds|invalid --refresh-interval: expected a duration like",
                "REFRESH_INTERVAL|0s|invalid --refresh-interval: must be positive",
                "TIMEOUT|0ms|invalid --timeout: must be positive",
                "TIMEOUT|5|invalid --timeout: expected a duration like",
                "TIMEOUT|-5s|invalid --timeout: expected a duration like",
                "HEARTBEAT_INTERVAL|1d|invalid --heartbeat-interval: expected a duration like",
                "RECONCILE_INTERVAL|0s|invalid --reconcile-interval: must be positive",
                "RECONCILE_INTERVAL|soon|invalid --reconcile-interval: expected a duration like",
                "POLL_AFTER|0s|invalid --poll-after: must be positive",
                "POLL_INTERVAL|often|invalid --poll-interval: expected a duration like",
                "LOG_LEVEL|verbose|invalid --log-level: expected trace, debug, info, warn or error",
                "LOG_FORMAT|xml|invalid --log-format: expected text or json",
                "CA_FILE|'  '|invalid --ca-file: empty path",
            })
    void givenABadFlagValue_resolve_failsNamingTheFlag(ConfigKey key, String value, String message) {
        flag(key, value);

        assertThatThrownBy(() -> resolve(null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void givenPollingFlags_streamSettings_pollAfterAndEveryTheConfiguredTimesAndKeepTheRest() throws Exception {
        flag(ConfigKey.POLL_AFTER, "3s");
        flag(ConfigKey.POLL_INTERVAL, "1500ms");

        StreamSettings timing = resolve(null).streamSettings();

        assertThat(timing.pollAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(timing.pollInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(timing.withPolling(
                        StreamSettings.defaults().pollAfter(),
                        StreamSettings.defaults().pollInterval()))
                .isEqualTo(StreamSettings.defaults());
    }

    @Test
    void givenABadEnvironmentValue_resolve_failsNamingTheVariable() {
        env.put("PEEREXCHANGE_LISTEN_PORT", "abc");

        assertThatThrownBy(() -> resolve(null))
                .hasMessage("invalid PEEREXCHANGE_LISTEN_PORT: expected a port number 0-65535");
    }

    @Test
    void givenABadFileValue_resolve_failsNamingTheYamlKeyAndTheFile() throws Exception {
        Path file = yaml("timeout: soon\n");

        assertThatThrownBy(() -> resolve(file))
                .hasMessage("invalid timeout (in " + file + "): expected a duration like 500ms, 10s, 1m or 1h");
    }

    @Test
    void givenATooShortRefreshFromTheEnvironment_resolve_namesTheVariable() {
        env.put("PEEREXCHANGE_REFRESH_INTERVAL", "9s");

        assertThatThrownBy(() -> resolve(null))
                .hasMessage("invalid PEEREXCHANGE_REFRESH_INTERVAL: RefreshInterval must be at least 10s");
    }

    @Test
    void givenNatDisabled_resolve_skipsTheExchangeRules() throws Exception {
        flag(ConfigKey.NAT_ENABLED, "false");
        flag(ConfigKey.REFRESH_INTERVAL, "1s");

        assertThat(resolve(null).natEnabled()).isFalse();
    }

    @Test
    void givenAListForAScalarKey_resolve_failsNamingTheKey() throws Exception {
        Path file = yaml("node_id: [a, b]\n");

        assertThatThrownBy(() -> resolve(file))
                .hasMessageStartingWith("invalid node_id (in " + file + "): expected a single value");
    }

    @Test
    void givenTokenEnvOnly_resolve_usesTheEnvironmentToken() throws Exception {
        env.put("PEEREXCHANGE_TOKEN", "tok-env");

        TokenSource source =
                resolve(yaml("token_file: /nonexistent\n")).tokenSource().orElseThrow();

        assertThat(source.origin()).isEqualTo("PEEREXCHANGE_TOKEN");
        assertThat(source.load().value()).isEqualTo("tok-env");
        assertThat(source.toString()).doesNotContain("tok-env");
    }

    @Test
    void givenTokenFileFlagAndTokenEnv_resolve_theFlagWins() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "tok-file\n");
        env.put("PEEREXCHANGE_TOKEN", "tok-env");
        flag(ConfigKey.TOKEN_FILE, token.toString());

        assertThat(resolve(null).tokenSource().orElseThrow().load().value()).isEqualTo("tok-file");
    }

    @Test
    void givenBothTokenVariables_resolve_failsNamingBoth() {
        env.put("PEEREXCHANGE_TOKEN", "tok-env");
        env.put("PEEREXCHANGE_TOKEN_FILE", "/etc/token");

        assertThatThrownBy(() -> resolve(null))
                .hasMessage("PEEREXCHANGE_TOKEN and PEEREXCHANGE_TOKEN_FILE are both set: set only one");
    }

    @Test
    void givenARelativeTokenFileInTheYaml_resolve_takesItRelativeToTheFile() throws Exception {
        Path file = yaml("token_file: secrets/token\n");

        assertThat(resolve(file).tokenSource().orElseThrow().path()).contains(dir.resolve("secrets/token"));
    }

    @Test
    void givenRunWithoutNodeId_requireForRun_namesAllThreeSpellings() throws Exception {
        AgentConfig config = resolve(null);

        assertThatThrownBy(config::requireForRun)
                .isInstanceOf(ConfigException.class)
                .hasMessage("missing node_id: set node_id in the config file, PEEREXCHANGE_NODE_ID or --node-id");
    }

    @Test
    void givenRunWithoutToken_requireForRun_namesTheTokenSettings() throws Exception {
        flag(ConfigKey.NODE_ID, "n1");
        flag(ConfigKey.CONTROL_PLANE_URL, "https://cp.example.com");

        assertThatThrownBy(() -> resolve(null).requireForRun())
                .hasMessageContaining("--token-file")
                .hasMessageContaining("PEEREXCHANGE_TOKEN");
    }

    @Test
    void givenABadInterfaceName_resolve_failsWithTheAgentsOneRule() {
        flag(ConfigKey.INTERFACE, "wg/0");

        assertThatThrownBy(() -> resolve(null))
                .hasMessage("invalid --interface: invalid WireGuard interface name \"wg/0\": '/' is not allowed");
    }

    @Test
    void givenDiscover_resolve_logsAtErrorUnlessTheFlagSaysOtherwise() throws Exception {
        env.put("PEEREXCHANGE_LOG_LEVEL", "debug");

        assertThat(new ConfigResolver(env)
                        .resolve(CommandName.DISCOVER, Optional.empty(), flags, false)
                        .logLevel())
                .isEqualTo(LogLevel.ERROR);
        assertThat(resolve(null).logLevel()).isEqualTo(LogLevel.DEBUG);

        flags.put(ConfigKey.LOG_LEVEL, RawValue.of("warn", "--log-level"));
        assertThat(new ConfigResolver(env)
                        .resolve(CommandName.DISCOVER, Optional.empty(), flags, false)
                        .logLevel())
                .isEqualTo(LogLevel.WARN);
    }

    @Test
    void givenDiscoverWithABadLogLevelVariable_resolve_stillRejectsIt() {
        env.put("PEEREXCHANGE_LOG_LEVEL", "loud");

        assertThatThrownBy(() -> new ConfigResolver(env).resolve(CommandName.DISCOVER, Optional.empty(), flags, false))
                .hasMessage("invalid PEEREXCHANGE_LOG_LEVEL: expected trace, debug, info, warn or error");
    }

    @Test
    void givenANewKeysWayOfReading_value_returnsTheTypedValueByKey() throws Exception {
        flag(ConfigKey.TIMEOUT, "2s");

        AgentConfig config = resolve(null);

        assertThat(config.value(ConfigKey.TIMEOUT, Duration.class)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.find(ConfigKey.SIGNING_KEY, String.class)).isEmpty();
        assertThatThrownBy(() -> config.value(ConfigKey.TIMEOUT, String.class))
                .isInstanceOf(IllegalStateException.class);
    }
}
