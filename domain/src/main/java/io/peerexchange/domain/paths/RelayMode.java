package io.peerexchange.domain.paths;

/** The {@code relay} setting: when the relay may carry a peer's traffic. */
public enum RelayMode {
    /** Only when no direct pair works; left when one does. */
    AUTO("auto"),
    /** Never. */
    OFF("off"),
    /** Every checkable peer, direct pairs or not (tests, networks that forbid direct paths). */
    ALWAYS("always");

    private final String configName;

    RelayMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static RelayMode parse(String text) {
        for (RelayMode mode : values()) {
            if (mode.configName.equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("invalid relay mode: expected auto, off or always");
    }

    @Override
    public String toString() {
        return configName;
    }
}
