package io.peerexchange.adapters.wireguard.device;

/** Names for the errno values WireGuard answers with, over either backend. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMSGSIZE = 90;
    public static final int EPROTO = 71;
    public static final int EOPNOTSUPP = 95;
    public static final int EADDRINUSE = 98;

    private Errno() {}

    /**
     * Describes an errno given with either sign: wireguard-go answers {@code errno=-22}, boringtun
     * {@code errno=22}, netlink carries negative values.
     */
    public static String describe(long errno) {
        long n = Math.abs(errno);
        String name;
        if (n == EPERM) {
            name = "EPERM (operation not permitted)";
        } else if (n == ENOENT) {
            name = "ENOENT (no such entry)";
        } else if (n == EIO) {
            name = "EIO (input/output error)";
        } else if (n == ENOMEM) {
            name = "ENOMEM (out of memory)";
        } else if (n == EACCES) {
            name = "EACCES (permission denied)";
        } else if (n == EBUSY) {
            name = "EBUSY (device busy)";
        } else if (n == ENODEV) {
            name = "ENODEV (no such device)";
        } else if (n == EINVAL) {
            name = "EINVAL (invalid argument)";
        } else if (n == EMSGSIZE) {
            name = "EMSGSIZE (message too long)";
        } else if (n == EPROTO) {
            name = "EPROTO (protocol error)";
        } else if (n == EOPNOTSUPP) {
            name = "EOPNOTSUPP (operation not supported)";
        } else if (n == EADDRINUSE) {
            name = "EADDRINUSE (address in use)";
        } else {
            name = "errno " + n;
        }
        return name;
    }
}
