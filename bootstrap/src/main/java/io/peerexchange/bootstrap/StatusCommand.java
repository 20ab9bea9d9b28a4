package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.CommandName;
import io.peerexchange.bootstrap.control.ControlClient;
import io.peerexchange.bootstrap.control.ControlRequest;
import io.peerexchange.bootstrap.control.Json;
import io.peerexchange.bootstrap.status.StatusTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peerexchange status}: asks the running agent over its control socket. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Shows what the running agent is doing: this node, the control plane, and each peer's path.",
            "Asks the agent's control socket (the agent's user or root only). --json prints the answer as",
            "documented in docs/PROTOCOL.md#status-json; --check answers a health probe by exit code only."
        },
        footer = {
            "",
            "Exit codes: 0 answered (with --check: the probe passed), 1 the agent did not answer (with --check:",
            "or the probe failed), 2 usage or configuration error."
        })
final class StatusCommand implements Callable<Integer> {
    /** How long the agent has to answer. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    enum Probe {
        LIVE,
        READY;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final CliContext context;
    private final ConfigFlags flags = new ConfigFlags(CommandName.STATUS);

    @Mixin
    SharedOptions shared = new SharedOptions();

    @Option(names = "--json", description = "Print the answer as one JSON object.")
    boolean json;

    @Option(names = "--peer", paramLabel = "ID", description = "Show only this peer.")
    String peer;

    @Option(
            names = "--check",
            paramLabel = "live|ready",
            description = "Exit 0 when the probe passes, else 1; prints why not on stderr.")
    Probe check;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    CommandLine commandLine() {
        return flags.addTo(new CommandLine(this));
    }

    @Override
    public Integer call() {
        Optional<AgentConfig> configured = context.configure(
                resolver -> resolver.resolve(CommandName.STATUS, shared.configFile(), flags.values(), false));
        if (configured.isEmpty()) {
            return ExitCode.USAGE;
        }
        Path socket = configured.get().controlSocket();
        Map<String, String> arguments = new LinkedHashMap<>();
        ControlRequest request;
        if (check != null) {
            arguments.put("probe", check.wireName());
            request = ControlRequest.of("check", arguments);
        } else {
            if (peer != null) {
                arguments.put("peer", peer);
            }
            request = ControlRequest.of("status", arguments);
        }
        Map<String, Object> answer;
        try {
            answer = ControlClient.ask(socket, request, ANSWER_TIMEOUT);
        } catch (IOException e) {
            context.fail("no answer from the agent at " + socket + ": " + e.getMessage());
            return ExitCode.FAILURE;
        }
        if (!Boolean.TRUE.equals(answer.get("ok"))) {
            context.fail("the agent refused: " + answer.get("error"));
            return ExitCode.FAILURE;
        }
        if (check != null) {
            boolean passed = Boolean.TRUE.equals(answer.get("passed"));
            if (!passed) {
                context.fail(check.wireName() + " check failed: " + reasons(answer.get("reasons")));
            }
            return passed ? ExitCode.OK : ExitCode.FAILURE;
        }
        @SuppressWarnings("unchecked") // the status member is an object
        Map<String, Object> status = (Map<String, Object>) answer.get("status");
        context.out().print(json ? Json.write(status) + "\n" : StatusTable.render(status));
        context.out().flush();
        return ExitCode.OK;
    }

    private static String reasons(Object value) {
        return value instanceof List<?> list
                ? String.join("; ", list.stream().map(String::valueOf).toList())
                : "";
    }
}
