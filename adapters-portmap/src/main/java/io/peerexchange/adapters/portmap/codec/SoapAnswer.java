package io.peerexchange.adapters.portmap.codec;

import java.util.Map;
import java.util.Optional;

/** A SOAP control answer: output arguments, or a UPnP error code (0 when it succeeded) and description. */
public record SoapAnswer(Map<String, String> arguments, int errorCode, String errorDescription) {
    public SoapAnswer {
        arguments = Map.copyOf(arguments);
    }

    static SoapAnswer ok(Map<String, String> arguments) {
        return new SoapAnswer(arguments, 0, "");
    }

    static SoapAnswer fault(int code, String description) {
        return new SoapAnswer(Map.of(), code, description);
    }

    public boolean failed() {
        return errorCode != 0;
    }

    public Optional<String> argument(String name) {
        return Optional.ofNullable(arguments.get(name));
    }
}
