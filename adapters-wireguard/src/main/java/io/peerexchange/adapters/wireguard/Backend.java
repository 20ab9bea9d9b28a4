package io.peerexchange.adapters.wireguard;

import io.peerexchange.adapters.wireguard.netlink.NetlinkWireGuard;
import io.peerexchange.adapters.wireguard.uapi.UapiWireGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How to reach WireGuard: {@code auto} (decide per operation) or one backend registered in
 * {@link WireGuardBackends}, by name. Values are equal when their names are.
 */
public final class Backend {
    static final String AUTO_NAME = "auto";

    /** The first registered backend that detects the interface, asked again for every operation. */
    public static final Backend AUTO = new Backend(AUTO_NAME);
    /** The userspace API socket of wireguard-go. */
    public static final Backend UAPI = parse(UapiWireGuard.NAME);
    /** The Linux kernel module over generic netlink. */
    public static final Backend NETLINK = parse(NetlinkWireGuard.NAME);

    private final String name;

    private Backend(String name) {
        this.name = name;
    }

    /**
     * Parses one of {@link #names()} (any case, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Backend parse(String text) {
        if (text != null) {
            String name = text.trim().toLowerCase(Locale.ROOT);
            if (name.equals(AUTO_NAME)) {
                return AUTO;
            }
            if (WireGuardBackends.BUILT_IN.find(name).isPresent()) {
                return new Backend(name);
            }
        }
        String shown = text == null
                ? "nothing"
                : "\"" + (text.length() > 32 ? text.substring(0, 32) + "…" : text).replaceAll("\\p{Cntrl}", "?") + "\"";
        throw new IllegalArgumentException("invalid WireGuard backend " + shown + ": expected " + choices());
    }

    /** The accepted configuration values: {@code auto} first, then the registered backends in auto's order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(AUTO_NAME);
        names.addAll(WireGuardBackends.BUILT_IN.names());
        return List.copyOf(names);
    }

    /** The choices with what each one is, as the configuration reference lists them. */
    public static String describe() {
        return WireGuardBackends.BUILT_IN.describe();
    }

    /** {@link #names()} as a sentence: "auto, uapi or netlink". */
    static String choices() {
        List<String> names = names();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** The configuration value: {@code auto} or a registered backend's name. */
    public String name() {
        return name;
    }

    boolean isAuto() {
        return name.equals(AUTO_NAME);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Backend backend && backend.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
