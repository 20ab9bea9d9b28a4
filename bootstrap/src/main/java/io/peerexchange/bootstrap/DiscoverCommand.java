package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.CommandName;
import io.peerexchange.bootstrap.wiring.AgentComponent;
import io.peerexchange.domain.DiscoveryException;
import io.peerexchange.domain.DiscoveryResult;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.json.JsonStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code peerexchange discover}: one discovery and NAT classification, printed. */
@Command(
        name = "discover",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Discovers the public endpoint and NAT type once.",
            "Asks STUN servers from the given UDP port and prints what they saw.",
            "A free port is bound; a port WireGuard holds is shared through raw sockets (needs CAP_NET_RAW).",
            "Logs go to stderr at level error unless --log-level is given."
        },
        footer = {"", "Exit codes: 0 discovered, 1 every STUN server failed, 2 usage or configuration error."})
final class DiscoverCommand implements Callable<Integer> {
    private final CliContext context;

    private final ConfigFlags flags = new ConfigFlags(CommandName.DISCOVER);

    @Mixin
    SharedOptions shared = new SharedOptions();

    @Option(names = "--json", description = "Print one JSON object: public_endpoint, nat_type, stun_servers, method.")
    boolean json;

    @Option(
            names = "--allow-ephemeral",
            description = "When the port is busy and cannot be shared, ask from an ephemeral port instead. "
                    + "That mapping is NOT the port's own: peers cannot use it.")
    boolean allowEphemeral;

    DiscoverCommand(CliContext context) {
        this.context = context;
    }

    /** This command with an option for each of the configuration keys it takes. */
    CommandLine commandLine() {
        return flags.addTo(new CommandLine(this));
    }

    @Override
    public Integer call() {
        // A one-shot command's output is its answer; diagnostics only when asked for (its log_level default).
        Optional<AgentConfig> configured = context.configure(resolver ->
                resolver.resolve(CommandName.DISCOVER, shared.configFile(), flags.values(), allowEphemeral));
        if (configured.isEmpty()) {
            return ExitCode.USAGE;
        }
        AgentConfig config = configured.get();
        DiscoveryResult result;
        try {
            result = AgentComponent.create(config).discoverer().discover();
        } catch (DiscoveryException e) {
            context.fail("discovery failed: " + e.getMessage());
            return ExitCode.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.fail("discovery interrupted");
            return ExitCode.FAILURE;
        }
        context.out().print(json ? json(result) : text(result));
        context.out().flush();
        if (result.primary().method() == BindingMethod.EPHEMERAL) {
            context.fail("warning: the mapping was learned from an ephemeral port, not from port " + config.listenPort()
                    + "; peers cannot reach that port at this endpoint");
        }
        return ExitCode.OK;
    }

    private static List<String> answered(DiscoveryResult result) {
        List<String> servers = new ArrayList<>(2);
        servers.add(result.primary().server().toString());
        result.comparison().map(MappedAddress::server).map(StunServer::toString).ifPresent(servers::add);
        return servers;
    }

    static String text(DiscoveryResult result) {
        return "public endpoint  " + result.natInfo().publicEndpoint() + "\n"
                + "nat type         " + result.natInfo().type().wireName() + "\n"
                + "stun servers     " + String.join(", ", answered(result)) + "\n"
                + "method           " + result.primary().method().label() + "\n";
    }

    static String json(DiscoveryResult result) {
        StringBuilder out = new StringBuilder(160).append('{');
        JsonStrings.appendStrict(
                out.append("\"public_endpoint\":"),
                result.natInfo().publicEndpoint().toString());
        JsonStrings.appendStrict(
                out.append(",\"nat_type\":"), result.natInfo().type().wireName());
        out.append(",\"stun_servers\":[");
        List<String> servers = answered(result);
        for (int i = 0; i < servers.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonStrings.appendStrict(out, servers.get(i));
        }
        out.append(']');
        JsonStrings.appendStrict(
                out.append(",\"method\":"), result.primary().method().label().replace(' ', '_'));
        return out.append("}\n").toString();
    }
}
