package io.peerexchange.adapters.wireguard.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import io.peerexchange.ports.PeerUpdateException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * An AF_NETLINK socket (NETLINK_GENERIC for WireGuard, NETLINK_ROUTE for change notifications) through libc. Waits use {@code poll} in short slices so that
 * an interrupt or the deadline ends them promptly: a blocked {@code recv} would ignore both.
 */
final class NetlinkSocket implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_GENERIC = 16;
    static final int NETLINK_ROUTE = 0;
    /** The kernel reports notifications dropped for a full socket buffer with this errno. */
    static final int ENOBUFS = 105;

    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_TRUNC = 0x20;
    private static final short POLLIN = 0x1;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int SLICE_MS = 100;
    /** Dumps come in parts of up to 32 KiB; an error ack echoes a whole request. */
    static final int RECEIVE_BUFFER = 64 * 1024;

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int length) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        int poll(byte[] fds, NativeLong count, int timeoutMs) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** Loaded on first use so that the userspace backend never needs JNA's native library. */
    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private final LibC libc;
    private final int fd;
    private final Duration timeout;
    private final byte[] buffer = new byte[RECEIVE_BUFFER];

    private NetlinkSocket(LibC libc, int fd, Duration timeout) {
        this.libc = libc;
        this.fd = fd;
        this.timeout = timeout;
    }

    static NetlinkSocket open(Duration timeout) throws PeerUpdateException {
        return open(timeout, NETLINK_GENERIC, 0);
    }

    /** A socket of {@code protocol} that also receives the multicast {@code groups} (a bit mask). */
    static NetlinkSocket open(Duration timeout, int protocol, int groups) throws PeerUpdateException {
        LibC libc;
        try {
            libc = Holder.LIBC;
        } catch (LinkageError e) {
            throw new PeerUpdateException("the netlink backend needs Linux and JNA's native library: " + e, e);
        }
        int fd;
        try {
            fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            throw new PeerUpdateException(
                    "cannot open a netlink socket (protocol " + protocol + "): errno " + e.getErrorCode(), e);
        }
        NetlinkSocket socket = new NetlinkSocket(libc, fd, timeout);
        try {
            libc.bind(fd, address(groups), 12);
        } catch (LastErrorException e) {
            socket.close();
            throw new PeerUpdateException(
                    "cannot bind a netlink socket (protocol " + protocol + "): errno " + e.getErrorCode(), e);
        }
        return socket;
    }

    /** sockaddr_nl with port id 0: the kernel when sending to it, "assign one" when binding. */
    private static byte[] kernelAddress() {
        return address(0);
    }

    /** sockaddr_nl: family, pad, port id 0, then the multicast groups. */
    private static byte[] address(int groups) {
        return ByteBuffer.allocate(12)
                .order(ByteOrder.nativeOrder())
                .putShort((short) AF_NETLINK)
                .putShort((short) 0)
                .putInt(0)
                .putInt(groups)
                .array();
    }

    void send(byte[] message) throws PeerUpdateException {
        try {
            long sent = libc.sendto(fd, message, new NativeLong(message.length), 0, kernelAddress(), 12)
                    .longValue();
            if (sent != message.length) {
                throw new PeerUpdateException("netlink send wrote " + sent + " of " + message.length + " bytes");
            }
        } catch (LastErrorException e) {
            throw new PeerUpdateException("netlink send failed: errno " + e.getErrorCode(), e);
        }
    }

    /** Waits for the next datagram; the returned buffer is reused by the next call. */
    byte[] receive(int[] length) throws PeerUpdateException {
        if (!receiveWithin(timeout, length)) {
            throw new PeerUpdateException("the kernel did not answer within " + timeout.toMillis() + " ms");
        }
        return buffer;
    }

    /**
     * Waits up to {@code wait} for the next datagram, into {@link #buffer()}; false when none came.
     * An interrupt ends the wait with an exception, as in {@link #receive}.
     */
    boolean receiveWithin(Duration wait, int[] length) throws PeerUpdateException {
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] pollfd = ByteBuffer.allocate(8)
                .order(ByteOrder.nativeOrder())
                .putInt(fd)
                .putShort(POLLIN)
                .array();
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new PeerUpdateException("interrupted while waiting for the kernel");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            int ready;
            try {
                ready = libc.poll(pollfd, new NativeLong(1), (int) Math.min(SLICE_MS, left / 1_000_000 + 1));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                throw new PeerUpdateException("netlink poll failed: errno " + e.getErrorCode(), e);
            }
            if (ready == 0) {
                continue;
            }
            try {
                long n = libc.recv(fd, buffer, new NativeLong(buffer.length), MSG_DONTWAIT | MSG_TRUNC)
                        .longValue();
                if (n > buffer.length) {
                    throw new PeerUpdateException(
                            "netlink answer of " + n + " bytes exceeds the " + buffer.length + "-byte buffer");
                }
                length[0] = (int) n;
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR) {
                    continue;
                }
                if (e.getErrorCode() == ENOBUFS) {
                    throw new NotificationsLost(e);
                }
                throw new PeerUpdateException("netlink receive failed: errno " + e.getErrorCode(), e);
            }
        }
    }

    byte[] buffer() {
        return buffer;
    }

    /** The kernel dropped notifications for this socket: whatever they said is unknown. */
    static final class NotificationsLost extends PeerUpdateException {
        private static final long serialVersionUID = 1L;

        NotificationsLost(Throwable cause) {
            super("netlink notifications lost (ENOBUFS)", cause);
        }
    }

    @Override
    public void close() {
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // The descriptor is gone either way.
        }
    }
}
