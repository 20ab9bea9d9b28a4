package io.peerexchange.devtools.controlplane;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The wire text of an event envelope (docs/PROTOCOL.md#events): the signed bytes plus the signature member. */
final class Envelope {
    private Envelope() {}

    /** {@code canonical} without its closing brace, then {@code ,"signature":"…"} when signed, then the brace. */
    static String wire(byte[] canonical, Optional<String> signature) {
        String fields = new String(canonical, 0, canonical.length - 1, StandardCharsets.UTF_8);
        return fields + signature.map(s -> ",\"signature\":" + GoJson.string(s)).orElse("") + "}";
    }
}
