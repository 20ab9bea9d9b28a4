package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.CommandName;
import io.peerexchange.bootstrap.wiring.AgentComponent;
import io.peerexchange.domain.DiscoveryException;
import io.peerexchange.domain.DiscoveryResult;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.PortMapper;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingException;
import io.peerexchange.ports.PortMappingProtocol;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.json.JsonStrings;
import java.time.Duration;
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

    @Option(
            names = "--json",
            description = "Print one JSON object: public_endpoint, nat_type, stun_servers, method"
                    + " (other_family when a STUN server of the other address family answered,"
                    + " and port_mapping with --port-mapping).")
    boolean json;

    @Option(
            names = "--allow-ephemeral",
            description = "When the port is busy and cannot be shared, ask from an ephemeral port instead. "
                    + "That mapping is NOT the port's own: peers cannot use it.")
    boolean allowEphemeral;

    /** Long enough to be seen, short enough to expire should the release not reach the gateway. */
    static final Duration PORT_MAPPING_LIFETIME = Duration.ofSeconds(120);

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
        AgentComponent component = AgentComponent.create(config);
        Optional<PortMapOutcome> portMap;
        try {
            result = component.discoverer().discover();
            portMap = config.portMapping().protocols().isEmpty()
                    ? Optional.empty()
                    : Optional.of(
                            portMap(component.portMapper(), result.primary().localPort()));
        } catch (DiscoveryException e) {
            context.fail("discovery failed: " + e.getMessage());
            return ExitCode.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.fail("discovery interrupted");
            return ExitCode.FAILURE;
        }
        context.out().print(json ? json(result, portMap) : text(result, portMap));
        context.out().flush();
        if (result.primary().method() == BindingMethod.EPHEMERAL) {
            context.fail("warning: the mapping was learned from an ephemeral port, not from port " + config.listenPort()
                    + "; peers cannot reach that port at this endpoint");
        }
        return ExitCode.OK;
    }

    /** Asks the gateway, maps the port for a short lifetime and releases it again at once. */
    private static PortMapOutcome portMap(PortMapper mapper, int port) throws InterruptedException {
        List<PortMappingProtocol> answering = mapper.probe();
        PortMapping mapping;
        try {
            mapping = mapper.map(port, PORT_MAPPING_LIFETIME);
        } catch (PortMappingException e) {
            return new PortMapOutcome(answering, Optional.empty(), Optional.of(e.getMessage()));
        }
        try {
            mapper.release(mapping);
            return new PortMapOutcome(answering, Optional.of(mapping), Optional.empty());
        } catch (PortMappingException e) {
            return new PortMapOutcome(answering, Optional.of(mapping), Optional.of("not released: " + e.getMessage()));
        }
    }

    private static List<String> answered(DiscoveryResult result) {
        List<String> servers = new ArrayList<>(2);
        servers.add(result.primary().server().toString());
        result.comparison().map(MappedAddress::server).map(StunServer::toString).ifPresent(servers::add);
        return servers;
    }

    static String text(DiscoveryResult result) {
        return text(result, Optional.empty());
    }

    static String text(DiscoveryResult result, Optional<PortMapOutcome> portMap) {
        String out = "public endpoint  " + result.natInfo().publicEndpoint() + "\n"
                + "nat type         " + result.natInfo().type().wireName() + "\n"
                + "stun servers     " + String.join(", ", answered(result)) + "\n"
                + "method           " + result.primary().method().label() + "\n";
        if (result.otherFamily().isPresent()) {
            MappedAddress other = result.otherFamily().get();
            out += "other family     " + other.endpoint() + " (stun server " + other.server() + ")\n";
        }
        if (portMap.isEmpty()) {
            return out;
        }
        PortMapOutcome p = portMap.get();
        out += "gateway answers  "
                + (p.answering().isEmpty()
                        ? "none"
                        : String.join(
                                ", ",
                                p.answering().stream()
                                        .map(PortMappingProtocol::wireName)
                                        .toList()))
                + "\n";
        if (p.mapping().isPresent()) {
            PortMapping m = p.mapping().get();
            out += "port mapping     " + m.external() + " (" + m.protocol().wireName() + ", "
                    + (p.error().isEmpty() ? "released" : p.error().get()) + ")\n";
        } else {
            out += "port mapping     none (" + p.error().orElse("") + ")\n";
        }
        return out;
    }

    static String json(DiscoveryResult result) {
        return json(result, Optional.empty());
    }

    static String json(DiscoveryResult result, Optional<PortMapOutcome> portMap) {
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
        result.otherFamily().ifPresent(other -> {
            JsonStrings.appendStrict(
                    out.append(",\"other_family\":{\"public_endpoint\":"),
                    other.endpoint().toString());
            JsonStrings.appendStrict(
                    out.append(",\"stun_server\":"), other.server().toString());
            out.append('}');
        });
        portMap.ifPresent(p -> appendPortMap(out, p));
        return out.append("}\n").toString();
    }

    /** {@code "port_mapping":{"answering":[…],"protocol":…,"external_endpoint":…,"released":…,"error":…}}. */
    private static void appendPortMap(StringBuilder out, PortMapOutcome p) {
        out.append(",\"port_mapping\":{\"answering\":[");
        for (int i = 0; i < p.answering().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonStrings.appendStrict(out, p.answering().get(i).wireName());
        }
        out.append(']');
        if (p.mapping().isPresent()) {
            JsonStrings.appendStrict(
                    out.append(",\"protocol\":"), p.mapping().get().protocol().wireName());
            JsonStrings.appendStrict(
                    out.append(",\"external_endpoint\":"),
                    p.mapping().get().external().toString());
            out.append(",\"released\":").append(p.error().isEmpty());
        }
        p.error().ifPresent(e -> JsonStrings.appendStrict(out.append(",\"error\":"), e));
        out.append('}');
    }
}
