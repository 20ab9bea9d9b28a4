package io.peerexchange.bootstrap.config;

import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.bootstrap.logging.LogFormat;
import io.peerexchange.bootstrap.logging.LogLevel;
import io.peerexchange.domain.paths.RelayMode;
import io.peerexchange.ports.Cidr;
import io.peerexchange.ports.InterfaceName;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PortMappingMode;
import io.peerexchange.ports.StunServer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a key's value is: how its text is parsed (the same for file, environment and flag, so an error
 * reads the same whichever layer holds it), how a value is written back (defaults in help and docs),
 * and how it is given (one value, a switch whose flag may omit it, or a list).
 *
 * @param <T> the parsed value
 */
public final class ValueType<T> {
    /** How a value is given. */
    public enum Shape {
        /** One value. */
        SCALAR,
        /** One value, which the flag may omit to mean {@code true}. */
        SWITCH,
        /** Several: a YAML list, a comma-separated variable, a repeatable flag. */
        LIST
    }

    /** Parses one raw value; empty means it counts as unset. */
    @FunctionalInterface
    interface Parser<T> {
        Optional<T> parse(RawValue raw) throws ConfigException;
    }

    public static final ValueType<NodeId> NODE_ID =
            scalar(raw -> Optional.of(accept(raw, raw.scalar(), NodeId::new)), NodeId::value);

    public static final ValueType<URI> URL = scalar(raw -> Optional.of(url(raw)), URI::toString);

    /** A path; in the config file, relative to the file's directory so the file means the same from anywhere. */
    public static final ValueType<Path> FILE =
            new ValueType<>(Shape.SCALAR, true, raw -> Optional.of(path(raw)), path -> List.of(path.toString()));

    public static final ValueType<Boolean> BOOLEAN = new ValueType<>(
            Shape.SWITCH, false, raw -> Optional.of(bool(raw)), value -> List.of(String.valueOf(value)));

    /** Kept as text; {@link InterfaceName} is the rule. */
    public static final ValueType<String> INTERFACE_NAME = scalar(
            raw -> Optional.of(accept(
                    raw, raw.scalar().strip(), text -> InterfaceName.of(text).value())),
            Function.identity());

    public static final ValueType<Integer> PORT = scalar(raw -> Optional.of(port(raw)), String::valueOf);

    public static final ValueType<Backend> WG_BACKEND =
            scalar(raw -> Optional.of(backend(raw)), backend -> backend.name().toLowerCase(Locale.ROOT));

    public static final ValueType<List<StunServer>> STUN_SERVERS = new ValueType<>(
            Shape.LIST,
            false,
            raw -> Optional.of(stunServers(raw)),
            servers -> servers.stream().map(StunServer::toString).toList());

    /** An IP literal and a port to listen on: {@code 127.0.0.1:9586}, {@code [::]:9586}. */
    public static final ValueType<ListenAddress> LISTEN_ADDRESS = scalar(
            raw -> Optional.of(accept(raw, raw.scalar().strip(), ListenAddress::parse)), ListenAddress::toString);
    /** IP prefixes, {@code 10.0.0.0/8} or {@code fd00::/8}. */
    public static final ValueType<List<Cidr>> CIDRS = new ValueType<>(
            Shape.LIST,
            false,
            raw -> Optional.of(cidrs(raw)),
            cidrs -> cidrs.stream().map(Cidr::toString).toList());

    /** {@code auto}, {@code off} or {@code always}. */
    public static final ValueType<RelayMode> RELAY_MODE =
            scalar(raw -> Optional.of(accept(raw, raw.scalar().strip(), RelayMode::parse)), RelayMode::configName);

    /** A positive duration: {@code 500ms}, {@code 10s}, {@code 1m30s}. */
    public static final ValueType<Duration> DURATION = scalar(raw -> Optional.of(duration(raw)), ValueType::seconds);

    /** Text, stripped; blank counts as unset. */
    public static final ValueType<String> OPTIONAL_TEXT =
            scalar(raw -> Optional.of(raw.scalar().strip()).filter(text -> !text.isEmpty()), Function.identity());

    public static final ValueType<PortMappingMode> PORT_MAPPING =
            scalar(raw -> Optional.of(portMapping(raw)), PortMappingMode::wireName);

    public static final ValueType<LogLevel> LOG_LEVEL =
            scalar(raw -> Optional.of(accept(raw, raw.scalar().strip(), LogLevel::parse)), LogLevel::wireName);

    public static final ValueType<LogFormat> LOG_FORMAT =
            scalar(raw -> Optional.of(accept(raw, raw.scalar().strip(), LogFormat::parse)), LogFormat::wireName);

    private final Shape shape;
    private final boolean relativeToFile;
    private final Parser<T> parser;
    private final Function<T, List<String>> format;

    private ValueType(Shape shape, boolean relativeToFile, Parser<T> parser, Function<T, List<String>> format) {
        this.shape = Objects.requireNonNull(shape, "shape");
        this.relativeToFile = relativeToFile;
        this.parser = Objects.requireNonNull(parser, "parser");
        this.format = Objects.requireNonNull(format, "format");
    }

    private static <T> ValueType<T> scalar(Parser<T> parser, Function<T, String> format) {
        return new ValueType<>(Shape.SCALAR, false, parser, value -> List.of(format.apply(value)));
    }

    public Shape shape() {
        return shape;
    }

    /** Whether a relative value in the config file is taken relative to the file's directory. */
    public boolean relativeToFile() {
        return relativeToFile;
    }

    /**
     * @return the value, or empty when the text counts as unset
     * @throws ConfigException naming the key as {@link RawValue#origin()} spells it
     */
    public Optional<T> parse(RawValue raw) throws ConfigException {
        return parser.parse(raw);
    }

    /** The value as an operator would write it, one item per list element. */
    public List<String> format(T value) {
        return format.apply(value);
    }

    /** {@code a, b or c}: the accepted values, the way errors and help list them. */
    static String choices(List<String> names) {
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static <T> T accept(RawValue raw, String text, Function<String, T> construct) throws ConfigException {
        try {
            return construct.apply(text);
        } catch (IllegalArgumentException e) {
            throw invalid(raw, e.getMessage());
        }
    }

    private static URI url(RawValue raw) throws ConfigException {
        String text = raw.scalar().strip();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw invalid(raw, "expected an absolute URL like https://cp.example.com");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(raw, "not a valid URL (" + e.getReason() + ")");
        }
    }

    static Path path(RawValue raw) throws ConfigException {
        String text = raw.scalar();
        if (text.isBlank()) {
            throw invalid(raw, "empty path");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid(raw, "not a valid path");
        }
    }

    private static boolean bool(RawValue raw) throws ConfigException {
        return switch (raw.scalar().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(raw, "expected true or false");
        };
    }

    private static int port(RawValue raw) throws ConfigException {
        String text = raw.scalar().strip();
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(raw, "expected a port number 0-65535");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw invalid(raw, "expected a port number 0-65535");
        }
        return port;
    }

    private static Backend backend(RawValue raw) throws ConfigException {
        try {
            return Backend.parse(raw.scalar().strip());
        } catch (IllegalArgumentException e) {
            throw invalid(raw, "expected " + choices(Backend.names()));
        }
    }

    private static PortMappingMode portMapping(RawValue raw) throws ConfigException {
        try {
            return PortMappingMode.fromWire(raw.scalar().strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(
                    raw,
                    "expected "
                            + choices(java.util.Arrays.stream(PortMappingMode.values())
                                    .map(PortMappingMode::wireName)
                                    .toList()));
        }
    }

    private static List<StunServer> stunServers(RawValue raw) throws ConfigException {
        List<StunServer> servers = new ArrayList<>();
        for (String item : raw.items()) {
            for (String part : item.split(",", -1)) {
                String text = part.strip();
                if (!text.isEmpty()) {
                    servers.add(accept(raw, text, StunServer::parse));
                }
            }
        }
        return servers;
    }

    private static List<Cidr> cidrs(RawValue raw) throws ConfigException {
        List<Cidr> cidrs = new ArrayList<>();
        for (String item : raw.items()) {
            for (String part : item.split(",", -1)) {
                String text = part.strip();
                if (!text.isEmpty()) {
                    cidrs.add(accept(raw, text, Cidr::parse));
                }
            }
        }
        return cidrs;
    }

    private static Duration duration(RawValue raw) throws ConfigException {
        Duration value = accept(raw, raw.scalar().strip(), DurationText::parse);
        if (value.isZero()) {
            throw invalid(raw, "must be positive");
        }
        return value;
    }

    /** In seconds ({@code 60s} rather than {@code 1m}), the way help and README give durations. */
    private static String seconds(Duration value) {
        return value.toMillisPart() == 0 ? value.toSeconds() + "s" : value.toMillis() + "ms";
    }

    static ConfigException invalid(RawValue raw, String problem) {
        return new ConfigException("invalid " + raw.origin() + ": " + problem);
    }
}
