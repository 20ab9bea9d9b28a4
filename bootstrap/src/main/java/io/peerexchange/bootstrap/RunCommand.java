package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.CommandName;
import io.peerexchange.bootstrap.wiring.Agent;
import io.peerexchange.bootstrap.wiring.AgentComponent;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/** {@code peerexchange run}: the agent. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Runs the agent.",
            "Discovers this node's public WireGuard endpoint, reports it to the control plane, writes the other",
            "nodes' endpoints into WireGuard, follows endpoint events and sends heartbeats.",
            "Precedence: config file < PEEREXCHANGE_* environment < flags. SIGINT/SIGTERM stop it (exit 0).",
            "SIGHUP reloads the configuration: log level and format apply at once; other changed keys are named",
            "in one warning and need a restart."
        },
        footer = {"", "Exit codes: 0 stopped by signal, 1 runtime failure, 2 usage or configuration error."})
final class RunCommand implements Callable<Integer> {
    private final CliContext context;

    private final ConfigFlags flags = new ConfigFlags(CommandName.RUN);

    @Mixin
    SharedOptions shared = new SharedOptions();

    RunCommand(CliContext context) {
        this.context = context;
    }

    /** This command with an option for each of its configuration keys. */
    CommandLine commandLine() {
        return flags.addTo(new CommandLine(this));
    }

    @Override
    public Integer call() {
        CliContext.ConfigStep resolve =
                resolver -> resolver.resolve(CommandName.RUN, shared.configFile(), flags.values(), false)
                        .requireForRun();
        Optional<AgentConfig> configured = context.configure(resolver -> {
            AgentConfig resolved = resolve.resolve(resolver);
            return resolved.withToken(resolved.tokenSource().orElseThrow().load());
        });
        if (configured.isEmpty()) {
            return ExitCode.USAGE;
        }
        AgentConfig config = configured.get();
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
            ConfigReload reload = new ConfigReload(context.env(), resolve, config);
            Signal.handle(new Signal("HUP"), signal -> reload.reload());
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
}
