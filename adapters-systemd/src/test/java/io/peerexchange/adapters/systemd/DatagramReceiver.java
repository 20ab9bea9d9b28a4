package io.peerexchange.adapters.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A real Unix datagram socket the test binds and reads, standing in for systemd's notify socket. */
final class DatagramReceiver implements AutoCloseable {
    /** The calls a receiver needs besides the agent's. */
    interface ReceiverLibC extends Library {
        int SOL_SOCKET = 1;
        int SO_RCVTIMEO = 20;

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

        int setsockopt(int fd, int level, int option, long[] value, int valueLength) throws LastErrorException;

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final ReceiverLibC LIBC = Native.load(Platform.C_LIBRARY_NAME, ReceiverLibC.class);

    private final int fd;

    /** Binds {@code address} (a path, or {@code @name} for the abstract namespace), with a 5 s receive timeout. */
    DatagramReceiver(String address) {
        fd = LIBC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM, 0);
        byte[] sockaddr = new NotifySocketAddress(address).sockaddr();
        LIBC.bind(fd, sockaddr, sockaddr.length);
        LIBC.setsockopt(fd, ReceiverLibC.SOL_SOCKET, ReceiverLibC.SO_RCVTIMEO, new long[] {5, 0}, 16);
    }

    /** The next datagram, empty after the timeout. */
    Optional<String> receive() {
        byte[] buffer = new byte[4096];
        try {
            int n = LIBC.recv(fd, buffer, new NativeLong(buffer.length), 0).intValue();
            return Optional.of(new String(buffer, 0, n, StandardCharsets.UTF_8));
        } catch (LastErrorException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
