package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigException;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.ConfigResolver;
import io.peerexchange.bootstrap.config.RawValue;
import io.peerexchange.bootstrap.logging.Logging;
import io.peerexchange.bootstrap.wiring.Agent;
import io.peerexchange.bootstrap.wiring.AgentComponent;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peerexchange run}: the agent. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Runs the agent.",
            "Discovers this node's public WireGuard endpoint, reports it to the control plane, writes the other",
            "nodes' endpoints into WireGuard, follows endpoint events and sends heartbeats.",
            "Precedence: config file < PEEREXCHANGE_* environment < flags. SIGINT/SIGTERM stop it (exit 0)."
        },
        footer = {"", "Exit codes: 0 stopped by signal, 1 runtime failure, 2 usage or configuration error."})
final class RunCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    SharedOptions shared = new SharedOptions();

    @Option(names = "--node-id", paramLabel = "ID", description = "This node's id in the control plane (required).")
    String nodeId;

    @Option(
            names = "--control-plane-url",
            paramLabel = "URL",
            description = "Control-plane base URL, https://… (required).")
    String controlPlaneUrl;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File holding the bearer token (or set PEEREXCHANGE_TOKEN).")
    String tokenFile;

    @Option(
            names = "--ca-file",
            paramLabel = "FILE",
            description = "PEM CA certificates to trust instead of the system's.")
    String caFile;

    @Option(
            names = "--insecure-tls",
            paramLabel = "BOOL",
            arity = "0..1",
            fallbackValue = "true",
            description = "Skip TLS certificate checks (labs only).")
    String insecureTls;

    @Option(
            names = "--allow-http",
            paramLabel = "BOOL",
            arity = "0..1",
            fallbackValue = "true",
            description = "Allow a plain http:// control-plane URL (sends the token unencrypted).")
    String allowHttp;

    @Option(names = "--interface", paramLabel = "NAME", description = "WireGuard interface (default wg0).")
    String interfaceName;

    @Option(names = "--listen-port", paramLabel = "PORT", description = "WireGuard listen port (default 51820).")
    String listenPort;

    @Option(
            names = "--wg-backend",
            paramLabel = "auto|uapi|netlink",
            description = "How to reach WireGuard (default auto).")
    String wgBackend;

    @Option(
            names = "--nat-enabled",
            paramLabel = "BOOL",
            arity = "0..1",
            fallbackValue = "true",
            description = "Discover and report this node's endpoint (default true); events are followed either way.")
    String natEnabled;

    @Option(
            names = "--refresh-interval",
            paramLabel = "DURATION",
            description = "Rediscovery interval, at least 10s (default 60s).")
    String refreshInterval;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", description = "Heartbeat interval (default 30s).")
    String heartbeatInterval;

    @Option(
            names = "--signing-key",
            paramLabel = "BASE64",
            description = "Ed25519 public key: accept only events signed with it.")
    String signingKey;

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        AgentConfig config;
        try {
            config = new ConfigResolver(context.env())
                    .resolve(shared.configFile(), flags(), false)
                    .requireForRun();
            config = config.withToken(config.tokenSource().orElseThrow().load());
        } catch (ConfigException e) {
            context.fail(e.getMessage());
            return ExitCode.USAGE;
        }
        Logging.configure(config.logFormat(), config.logLevel());
        Agent agent;
        try {
            agent = AgentComponent.create(config).agent();
        } catch (IllegalArgumentException e) {
            // The adapters' settings check themselves when built (URL scheme, CA file, signing key …).
            context.fail("invalid configuration: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (context.ownsProcess()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(agent), "peerexchange-shutdown"));
        }
        return agent.run();
    }

    /**
     * A signal (or {@code System.exit}) started the JVM's shutdown: stop the agent and exit with its
     * code. {@code halt} because a signal-initiated exit would otherwise report 128+signal.
     */
    private static void stopOnSignal(Agent agent) {
        int code = agent.requestStop(ExitCode.OK);
        try {
            agent.awaitStopped(Agent.STOP_BUDGET.plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(code);
    }

    private Map<ConfigKey, RawValue> flags() {
        Map<ConfigKey, RawValue> flags = new EnumMap<>(ConfigKey.class);
        shared.addTo(flags);
        SharedOptions.put(flags, ConfigKey.NODE_ID, nodeId);
        SharedOptions.put(flags, ConfigKey.CONTROL_PLANE_URL, controlPlaneUrl);
        SharedOptions.put(flags, ConfigKey.TOKEN_FILE, tokenFile);
        SharedOptions.put(flags, ConfigKey.CA_FILE, caFile);
        SharedOptions.put(flags, ConfigKey.INSECURE_TLS, insecureTls);
        SharedOptions.put(flags, ConfigKey.ALLOW_HTTP, allowHttp);
        SharedOptions.put(flags, ConfigKey.INTERFACE, interfaceName);
        SharedOptions.put(flags, ConfigKey.LISTEN_PORT, listenPort);
        SharedOptions.put(flags, ConfigKey.WG_BACKEND, wgBackend);
        SharedOptions.put(flags, ConfigKey.NAT_ENABLED, natEnabled);
        SharedOptions.put(flags, ConfigKey.REFRESH_INTERVAL, refreshInterval);
        SharedOptions.put(flags, ConfigKey.HEARTBEAT_INTERVAL, heartbeatInterval);
        SharedOptions.put(flags, ConfigKey.SIGNING_KEY, signingKey);
        return flags;
    }
}
