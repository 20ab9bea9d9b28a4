package io.peerexchange.devtools.controlplane;

import java.util.Locale;

/** Which key signs an admin-injected event: to show an agent accepting the previous key before its deadline and not after. */
enum SignWith {
    CURRENT,
    PREVIOUS,
    NONE;

    /** @throws IllegalArgumentException for anything but current, previous or none */
    static SignWith parse(String text) {
        return switch (text) {
            case "current" -> CURRENT;
            case "previous" -> PREVIOUS;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("sign_with must be current, previous or none");
        };
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
