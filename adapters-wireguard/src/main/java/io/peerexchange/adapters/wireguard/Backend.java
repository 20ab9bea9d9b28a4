package io.peerexchange.adapters.wireguard;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How to reach WireGuard: decide per operation, or force one backend. */
public enum Backend {
    /** The userspace API when its socket exists, otherwise the kernel. */
    AUTO,
    /** The userspace API socket of wireguard-go. */
    UAPI,
    /** The Linux kernel module over generic netlink. */
    NETLINK;

    /** The names {@link #parse} accepts, in the order they are documented. */
    public static List<String> names() {
        return Arrays.stream(values())
                .map(b -> b.name().toLowerCase(Locale.ROOT))
                .toList();
    }

    /**
     * Parses {@code auto}, {@code uapi} or {@code netlink} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Backend parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "auto":
                    return AUTO;
                case "uapi":
                    return UAPI;
                case "netlink":
                    return NETLINK;
                default:
                    break;
            }
        }
        String shown = text == null
                ? "nothing"
                : "\"" + (text.length() > 32 ? text.substring(0, 32) + "…" : text).replaceAll("\\p{Cntrl}", "?") + "\"";
        throw new IllegalArgumentException("invalid WireGuard backend " + shown + ": expected auto, uapi or netlink");
    }
}
