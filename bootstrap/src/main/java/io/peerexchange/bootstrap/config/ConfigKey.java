package io.peerexchange.bootstrap.config;

import static io.peerexchange.bootstrap.config.CommandName.DISCOVER;
import static io.peerexchange.bootstrap.config.CommandName.RUN;
import static io.peerexchange.bootstrap.config.CommandName.STATUS;
import static io.peerexchange.bootstrap.config.KeyDefinition.key;

import io.peerexchange.adapters.controlplane.events.StreamSettings;
import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.bootstrap.logging.LogFormat;
import io.peerexchange.bootstrap.logging.LogLevel;
import io.peerexchange.domain.Config;
import io.peerexchange.domain.ConfigField;
import io.peerexchange.domain.HeartbeatLoop;
import io.peerexchange.domain.Reconciler;
import io.peerexchange.domain.paths.RelayMode;
import io.peerexchange.ports.PortMappingMode;
import java.util.Optional;

/**
 * Every configuration key, each defined once (whether a SIGHUP applies it live or it needs a restart
 * included): from these definitions come the command-line options,
 * the file, environment and flag resolution, the names in error messages, and the checks of the
 * README table and the example config. The names are the public interface of the agent.
 */
public enum ConfigKey {
    NODE_ID(key("node_id", ValueType.NODE_ID)
            .label("node id")
            .requiredForRun()
            .flag("--node-id", "ID", "This node's id in the control plane (required).", RUN)
            .meaning("this node's id in the control plane: 1-128 of `A-Z a-z 0-9 . _ -`")),
    CONTROL_PLANE_URL(key("control_plane_url", ValueType.URL)
            .label("control-plane URL")
            .requiredForRun()
            .flag("--control-plane-url", "URL", "Control-plane base URL, https://… (required).", RUN)
            .meaning("base URL, `https://…` (plain `http` only with allow HTTP)")),
    TOKEN_FILE(key("token_file", ValueType.FILE)
            .label("token file")
            .flag("--token-file", "FILE", "File holding the bearer token (or set " + ConfigKey.TOKEN_ENV + ").", RUN)
            .meaning("file holding the bearer token (trailing newline ignored); missing file → exit 2")
            .reloadable()
            .alternative(
                    ConfigKey.TOKEN_ENV,
                    "token",
                    "the token itself, instead of a file (a `--token-file` flag still wins; setting both variables"
                            + " is an error)")),
    CA_FILE(key("ca_file", ValueType.FILE)
            .label("CA file")
            .whenUnset("system trust")
            .flag("--ca-file", "FILE", "PEM CA certificates to trust instead of the system's.", RUN)
            .meaning("PEM CA certificate(s) to trust for the control plane")),
    INSECURE_TLS(key("insecure_tls", ValueType.BOOLEAN)
            .label("insecure TLS")
            .defaultValue(false)
            .flag("--insecure-tls", "BOOL", "Skip TLS certificate checks (labs only).", RUN)
            .meaning("skip certificate checks (labs only; excludes a CA file)")),
    ALLOW_HTTP(key("allow_http", ValueType.BOOLEAN)
            .label("allow plain HTTP")
            .defaultValue(false)
            .flag("--allow-http", "BOOL", "Allow a plain http:// control-plane URL (sends the token unencrypted).", RUN)
            .meaning("permit an `http://` URL (the token travels unencrypted)")),
    INTERFACE(key("interface", ValueType.INTERFACE_NAME)
            .label("WireGuard interface")
            .defaultValue(AgentConfig.DEFAULT_INTERFACE)
            .flag("--interface", "NAME", "WireGuard interface (default {default}).", RUN)
            .meaning("the interface whose peers get the endpoints")),
    LISTEN_PORT(key("listen_port", ValueType.PORT)
            .label("listen port")
            .defaultValue(AgentConfig.DEFAULT_LISTEN_PORT)
            .flag("--listen-port", "PORT", "WireGuard listen port (default {default}).", RUN)
            .flag(
                    "--port",
                    "N",
                    "Local UDP port to discover, normally the WireGuard port (default: {key}, {default}; "
                            + "0 = any free port).",
                    DISCOVER)
            .meaning("the WireGuard port whose public mapping is discovered; `0` = any free port")
            .checkedAs(ConfigField.LISTEN_PORT)),
    WG_BACKEND(key("wg_backend", ValueType.WG_BACKEND)
            .label("backend")
            .defaultValue(Backend.AUTO)
            .flag("--wg-backend", String.join("|", Backend.names()), "How to reach WireGuard (default {default}).", RUN)
            .meaning(Backend.describe())),
    NAT_ENABLED(key("nat_enabled", ValueType.BOOLEAN)
            .label("NAT traversal")
            .defaultValue(true)
            .flag(
                    "--nat-enabled",
                    "BOOL",
                    "Discover and report this node's endpoint (default {default}); events are followed either way.",
                    RUN)
            .meaning("discover and report this node's endpoint; events are followed either way")),
    STUN_SERVERS(key("stun_servers", ValueType.STUN_SERVERS)
            .label("STUN servers")
            .defaultValue(Config.DEFAULT_STUN_SERVERS)
            .flag(
                    "--stun-server",
                    "HOST:PORT",
                    "STUN server; repeat for more. The first that answers gives the endpoint, a second with another"
                            + " IP address classifies the NAT. Default: {default}.",
                    RUN,
                    DISCOVER)
            .meaning("tried in order; a second one with a different IP address classifies the NAT; IPv6 servers"
                    + " (`[2001:db8::1]:3478`, or names with IPv6 addresses) beside IPv4 ones also give the IPv6"
                    + " mapping as a second `srflx` candidate"
                    + " ([docs/PROTOCOL.md](docs/PROTOCOL.md#stun-over-both-families))")
            .checkedAs(ConfigField.STUN_SERVERS)),
    REFRESH_INTERVAL(key("refresh_interval", ValueType.DURATION)
            .label("refresh interval")
            .defaultValue(Config.DEFAULT_REFRESH_INTERVAL)
            .flag("--refresh-interval", "DURATION", "Rediscovery interval, at least 10s (default {default}).", RUN)
            .meaning("how often to rediscover and report (at least `10s`)")
            .checkedAs(ConfigField.REFRESH_INTERVAL)),
    TIMEOUT(key("timeout", ValueType.DURATION)
            .label("timeout")
            .defaultValue(Config.DEFAULT_TIMEOUT)
            .flag(
                    "--timeout",
                    "DURATION",
                    "Time allowed for each STUN binding, like 5s or 500ms (default {default}).",
                    RUN,
                    DISCOVER)
            .meaning("time for one STUN binding, retransmissions included")
            .checkedAs(ConfigField.TIMEOUT)),
    SIGNING_KEY(key("signing_key", ValueType.OPTIONAL_TEXT)
            .label("signing key")
            .whenUnset("none (events unsigned)")
            .flag("--signing-key", "BASE64", "Ed25519 public key: accept only events signed with it.", RUN)
            .meaning("Ed25519 public key (base64 raw 32 bytes, X.509 or PEM); when set only correctly signed,"
                    + " fresh, non-replayed events are applied")),
    HEARTBEAT_INTERVAL(key("heartbeat_interval", ValueType.DURATION)
            .label("heartbeat interval")
            .defaultValue(HeartbeatLoop.DEFAULT_INTERVAL)
            .flag("--heartbeat-interval", "DURATION", "Heartbeat interval (default {default}).", RUN)
            .meaning("heartbeat period; it carries the last public endpoint and NAT type")
            .checkedAs(ConfigField.HEARTBEAT_INTERVAL)),
    RECONCILE_INTERVAL(key("reconcile_interval", ValueType.DURATION)
            .label("reconcile interval")
            .defaultValue(Reconciler.DEFAULT_INTERVAL)
            .flag(
                    "--reconcile-interval",
                    "DURATION",
                    "How often the node state is applied again (default {default}).",
                    RUN)
            .meaning(
                    "how often the node state (peer keys and endpoints) is fetched and applied again; also at "
                            + "start, after an event-stream reconnect, and when a heartbeat answer or `node_state_updated` asks")
            .checkedAs(ConfigField.RECONCILE_INTERVAL, Reconciler::checkInterval)),
    POLL_AFTER(key("poll_after", ValueType.DURATION)
            .label("poll after")
            .defaultValue(StreamSettings.defaults().pollAfter())
            .flag(
                    "--poll-after",
                    "DURATION",
                    "Event stream down this long: poll the node state instead (default {default}).",
                    RUN)
            .meaning("event stream down this long: poll the node state every poll interval until it is back;"
                    + " docs/PROTOCOL.md#reconnect")),
    POLL_INTERVAL(key("poll_interval", ValueType.DURATION)
            .label("poll interval")
            .defaultValue(StreamSettings.defaults().pollInterval())
            .flag(
                    "--poll-interval",
                    "DURATION",
                    "Node-state poll period while the stream is down (default {default}).",
                    RUN)
            .meaning("node-state poll period while the event stream is down; unanswered polls make the agent not"
                    + " ready, docs/PROTOCOL.md#health-checks")),
    CONTROL_SOCKET(key("control_socket", ValueType.FILE)
            .label("control socket")
            .whenUnset(
                    "`$RUNTIME_DIRECTORY/agent.sock` under systemd, else `" + AgentConfig.DEFAULT_CONTROL_SOCKET + "`")
            .flag(
                    "--control-socket",
                    "PATH",
                    "Unix socket the running agent answers `status` on (owner-only; default "
                            + "$RUNTIME_DIRECTORY/agent.sock, else " + AgentConfig.DEFAULT_CONTROL_SOCKET + ").",
                    RUN,
                    STATUS)
            .meaning("the local control socket (mode 0600, the agent's user and root only) that `peerexchange status`"
                    + " asks; docs/PROTOCOL.md#control-socket")),
    METRICS_LISTEN(key("metrics_listen", ValueType.LISTEN_ADDRESS)
            .label("metrics address")
            .whenUnset("off")
            .flag(
                    "--metrics-listen",
                    "IP:PORT",
                    "Serve Prometheus metrics on http://IP:PORT/metrics, e.g. 127.0.0.1:9586 (default: off).",
                    RUN)
            .meaning("opt-in Prometheus endpoint `http://IP:PORT/metrics`; a loopback address unless metrics allow"
                    + " remote; docs/PROTOCOL.md#metrics")),
    METRICS_ALLOW_REMOTE(key("metrics_allow_remote", ValueType.BOOLEAN)
            .label("metrics allow remote")
            .defaultValue(false)
            .flag("--metrics-allow-remote", "BOOL", "Allow a non-loopback metrics address.", RUN)
            .meaning("permit a metrics address other hosts can reach")),
    CONNECTIVITY_CHECKS(key("connectivity_checks", ValueType.BOOLEAN)
            .label("connectivity checks")
            .defaultValue(true)
            .flag(
                    "--connectivity-checks",
                    "BOOL",
                    "Report candidates and check every peer's from the WireGuard port for the best path"
                            + " (default {default}).",
                    RUN)
            .meaning("report candidates and ICE credentials with the endpoint and run connectivity checks from the"
                    + " WireGuard port to choose each peer's path (needs CAP_NET_RAW); `false` = the endpoint"
                    + " exchange alone, exactly as without candidates")),
    EXCLUDE_CANDIDATES(key("exclude_candidates", ValueType.CIDRS)
            .label("excluded candidates")
            .whenUnset("none")
            .flag("--exclude-candidate", "CIDR", "Never report a candidate inside this prefix; repeat for more.", RUN)
            .meaning("prefixes (`10.0.0.0/8`, `fd00::/8`) whose addresses are never reported as candidates")),
    PORT_MAPPING(key("port_mapping", ValueType.PORT_MAPPING)
            .label("port mapping")
            .defaultValue(PortMappingMode.AUTO)
            .defaultIn(DISCOVER, PortMappingMode.OFF)
            .flag(
                    "--port-mapping",
                    "auto|pcp|natpmp|upnp|off",
                    "Ask the gateway to map the WireGuard port: auto (PCP, then NAT-PMP, then UPnP), pcp, natpmp,"
                            + " upnp or off. Default: auto for run; off for discover, which releases the mapping"
                            + " before it exits.",
                    RUN,
                    DISCOVER)
            .meaning("ask the gateway to map the WireGuard port: `auto` (PCP, then NAT-PMP, then UPnP IGD), `pcp`,"
                    + " `natpmp`, `upnp` or `off`; behind a symmetric NAT the mapping is the reported endpoint")),
    TURN_SERVERS(key("turn_servers", ValueType.STUN_SERVERS)
            .label("TURN servers")
            .whenUnset("none (no relay)")
            .flag(
                    "--turn-server",
                    "HOST:PORT",
                    "TURN server for the relay (UDP); repeat for more, tried in order until one grants an allocation.",
                    RUN)
            .meaning("TURN servers (coturn) for the relay, tried in order until one grants an allocation;"
                    + " see docs/PROTOCOL.md#turn-relay")),
    TURN_USERNAME(key("turn_username", ValueType.OPTIONAL_TEXT)
            .label("TURN username")
            .whenUnset("—")
            .flag("--turn-username", "NAME", "TURN long-term username (with a secret file: the user part).", RUN)
            .meaning("the TURN username; with `turn_secret_file` the user part of `<expiry>:<user>`")),
    TURN_PASSWORD_FILE(key("turn_password_file", ValueType.FILE)
            .label("TURN password file")
            .whenUnset("—")
            .flag("--turn-password-file", "FILE", "File holding the TURN password (trailing newline ignored).", RUN)
            .meaning("file holding the TURN long-term password (trailing newline ignored); excludes a secret file")),
    TURN_SECRET_FILE(key("turn_secret_file", ValueType.FILE)
            .label("TURN secret file")
            .whenUnset("—")
            .flag(
                    "--turn-secret-file",
                    "FILE",
                    "File holding coturn's shared secret (use-auth-secret): time-limited credentials.",
                    RUN)
            .meaning("file holding coturn's `static-auth-secret`: time-limited credentials made per allocation;"
                    + " excludes a password file")),
    RELAY(key("relay", ValueType.RELAY_MODE)
            .label("relay")
            .defaultValue(RelayMode.AUTO)
            .flag("--relay", "auto|off|always", "When the TURN relay carries a peer (default {default}).", RUN)
            .meaning("`auto`: only for a peer no direct pair reaches, left when one does; `off`; `always`"
                    + " (tests, networks that forbid direct paths)")),
    LOG_LEVEL(key("log_level", ValueType.LOG_LEVEL)
            .label("log level")
            .defaultValue(LogLevel.INFO)
            .defaultIn(DISCOVER, LogLevel.ERROR)
            .defaultIn(STATUS, LogLevel.ERROR)
            .flag("--log-level", "LEVEL", "trace, debug, info, warn or error.", RUN, DISCOVER)
            .live()
            .meaning("`trace`, `debug`, `info`, `warn`, `error`")),
    LOG_FORMAT(key("log_format", ValueType.LOG_FORMAT)
            .label("log format")
            .defaultValue(LogFormat.TEXT)
            .flag("--log-format", "text|json", "Log format on stderr: text (logfmt) or json.", RUN, DISCOVER)
            .live()
            .meaning("`text` (logfmt: `time level component msg key=value…`) or `json` (one object per line)"));

    /** The environment variable holding the token itself (an alternative to {@code token_file}). */
    public static final String TOKEN_ENV = "PEEREXCHANGE_TOKEN";
    /** The environment variable naming the config file when {@code --config} is not given. */
    public static final String CONFIG_ENV = "PEEREXCHANGE_CONFIG";

    private final KeyDefinition<?> definition;

    ConfigKey(KeyDefinition.Builder<?> definition) {
        this.definition = definition.build();
    }

    public KeyDefinition<?> definition() {
        return definition;
    }

    public String yamlKey() {
        return definition.yamlKey();
    }

    public String envVar() {
        return definition.envVar();
    }

    /** The {@code run} flag. */
    public String flag() {
        return definition.flag(RUN).orElseThrow().name();
    }

    public static Optional<ConfigKey> byYamlKey(String key) {
        for (ConfigKey k : values()) {
            if (k.yamlKey().equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The key the core calls {@code field}. */
    public static ConfigKey of(ConfigField field) {
        for (ConfigKey k : values()) {
            if (k.definition.domainField().equals(Optional.of(field))) {
                return k;
            }
        }
        throw new IllegalStateException("no key is defined for the core's " + field);
    }
}
