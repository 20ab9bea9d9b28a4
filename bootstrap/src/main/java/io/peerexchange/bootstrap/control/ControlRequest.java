package io.peerexchange.bootstrap.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One request on the control socket (docs/PROTOCOL.md#control-socket): a JSON object whose {@code
 * request} names what is asked and whose other members, all strings, are its arguments.
 */
public record ControlRequest(String request, Map<String, String> arguments) {
    /** The longest name or argument value: ids and probe names are far shorter. */
    public static final int MAX_VALUE_CHARS = 256;

    public ControlRequest {
        Objects.requireNonNull(request, "request");
        arguments = Map.copyOf(arguments);
    }

    public static ControlRequest of(String request, Map<String, String> arguments) {
        return new ControlRequest(request, arguments);
    }

    /**
     * Reads one request line.
     *
     * @throws ControlException when it is not a JSON object with a string {@code request} and string
     *     arguments
     */
    public static ControlRequest parse(String line) throws ControlException {
        Object value;
        try {
            value = Json.parse(line);
        } catch (JsonException e) {
            throw new ControlException("malformed request: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw new ControlException("malformed request: not a JSON object");
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        String request = null;
        for (Map.Entry<?, ?> e : object.entrySet()) {
            if (!(e.getValue() instanceof String text) || text.length() > MAX_VALUE_CHARS) {
                throw new ControlException(
                        "malformed request: member " + Json.write(e.getKey()) + " is not a short string");
            }
            if (e.getKey().equals("request")) {
                request = text;
            } else {
                arguments.put((String) e.getKey(), text);
            }
        }
        if (request == null) {
            throw new ControlException("malformed request: no \"request\" member");
        }
        return new ControlRequest(request, arguments);
    }

    public Optional<String> argument(String name) {
        return Optional.ofNullable(arguments.get(name));
    }

    /**
     * @throws ControlException naming the first argument that is not one of {@code known}
     */
    public void allowOnly(Set<String> known) throws ControlException {
        for (String name : arguments.keySet()) {
            if (!known.contains(name)) {
                throw new ControlException("unknown argument " + Json.write(name) + " for " + request);
            }
        }
    }

    /** The line a client sends. */
    public String toLine() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("request", request);
        object.putAll(arguments);
        return Json.write(object) + "\n";
    }
}
