package io.peerexchange.adapters.wireguard.netlink.family;

import io.peerexchange.adapters.wireguard.device.Errno;

/** Turns the errno of a netlink error reply into what an operator needs to know. */
public final class NetlinkErrors {

    /** Which request failed: the meaning of ENOENT depends on it. */
    public enum Stage {
        FAMILY,
        READ,
        WRITE
    }

    private NetlinkErrors() {}

    public static String explain(int errno, Stage stage, String ifname) {
        String on = ifname == null ? "" : " (interface " + ifname + ")";
        if (stage == Stage.FAMILY && errno == Errno.ENOENT) {
            return "the kernel has no WireGuard: the generic netlink family \"wireguard\" does not exist"
                    + " (load the wireguard module, or run wireguard-go and use the uapi backend)";
        }
        if (errno == Errno.ENODEV) {
            return "no such network interface" + on;
        }
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            return "permission denied" + on + ": WireGuard netlink requests need CAP_NET_ADMIN";
        }
        if (errno == Errno.EOPNOTSUPP) {
            return "not a WireGuard interface" + on;
        }
        String what = stage == Stage.FAMILY
                ? "looking up the WireGuard netlink family"
                : stage == Stage.READ ? "reading the device" : "setting peer endpoints";
        return "the kernel refused " + what + on + ": " + Errno.describe(errno);
    }
}
