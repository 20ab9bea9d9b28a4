package io.peerexchange.adapters.stun.raw;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Linux raw UDP socket ({@code SOCK_RAW, IPPROTO_UDP}) that speaks for a UDP port some other
 * socket owns: it sends datagrams with that source port and receives the kernel's copies of the
 * STUN datagrams addressed to it, while the owner (WireGuard) still gets and drops its own copy.
 * Not thread-safe; close it (it holds a file descriptor outside the JVM's reach).
 */
public final class RawUdpSocket implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65535;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SOCKADDR_IN = 16;
    private static final int SOCKADDR_IN6 = 28;

    private final LibC libc;
    private final int fd;
    private final InetAddress source;
    private final int localPort;
    private final boolean ipv6;
    private final byte[] buffer = new byte[MAX_DATAGRAM];
    private final AtomicBoolean closed = new AtomicBoolean();

    private RawUdpSocket(LibC libc, int fd, InetAddress source, int localPort, boolean ipv6) {
        this.libc = libc;
        this.fd = fd;
        this.source = source;
        this.localPort = localPort;
        this.ipv6 = ipv6;
    }

    /**
     * Opens a raw socket of {@code source}'s family, filtered to STUN datagrams for {@code localPort}
     * and bound to {@code source}, the address the checksum of everything sent is computed over.
     *
     * @throws RawSocketUnavailableException when raw sockets cannot be used on this host or by this process
     * @throws IOException                   when the socket cannot be set up for another reason
     */
    public static RawUdpSocket open(InetAddress source, int localPort) throws IOException {
        Objects.requireNonNull(source, "source");
        return open(source, localPort, source instanceof Inet6Address);
    }

    /**
     * Opens a raw socket of one family bound to no address: it receives the STUN datagrams to {@code
     * localPort} on every address of the host, and sends with {@link #send(InetAddress,
     * InetSocketAddress, byte[])}, naming the source the kernel's route will pick.
     */
    public static RawUdpSocket openUnbound(boolean ipv6, int localPort) throws IOException {
        return open(null, localPort, ipv6);
    }

    private static RawUdpSocket open(InetAddress source, int localPort, boolean ipv6) throws IOException {
        if (localPort < 1 || localPort > 65535) {
            throw new IllegalArgumentException("invalid local port " + localPort);
        }
        LibC libc = Native0.libc();
        int fd;
        try {
            fd = libc.socket(ipv6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_UDP);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == LibC.EPERM || errno == LibC.EACCES) {
                throw new RawSocketUnavailableException("no permission to open a raw socket (CAP_NET_RAW is missing)");
            }
            if (errno == LibC.EAFNOSUPPORT) {
                throw new RawSocketUnavailableException((ipv6 ? "IPv6" : "IPv4") + " is not supported on this host");
            }
            throw new IOException("raw socket failed: errno " + errno, e);
        }
        RawUdpSocket socket = new RawUdpSocket(libc, fd, source, localPort, ipv6);
        try {
            socket.attachFilter(ipv6 ? BpfProgram.forIpv6(localPort) : BpfProgram.forIpv4(localPort));
            if (source != null) {
                try (Memory address = sockaddr(source, 0)) {
                    libc.bind(fd, address, (int) address.size());
                }
            }
        } catch (LastErrorException e) {
            socket.close();
            throw new IOException(
                    "raw socket setup for " + (source == null ? (ipv6 ? "IPv6" : "IPv4") : source.getHostAddress())
                            + " failed: errno " + e.getErrorCode(),
                    e);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** Sends {@code payload} in a UDP datagram from the local port to {@code destination}. */
    public void send(InetSocketAddress destination, byte[] payload) throws IOException {
        if (source == null) {
            throw new IllegalStateException("an unbound raw socket sends with send(from, destination, payload)");
        }
        send(source, destination, payload);
    }

    /**
     * Sends {@code payload} from the local port to {@code destination}; {@code from} is the source
     * address the kernel will put in the IP header, which the UDP checksum covers.
     */
    public void send(InetAddress from, InetSocketAddress destination, byte[] payload) throws IOException {
        ensureOpen();
        InetAddress target = destination.getAddress();
        byte[] datagram = UdpDatagram.build(from, localPort, target, destination.getPort(), payload);
        // The port in a raw socket's destination address must be 0 (IPv4 ignores it, IPv6 takes it as protocol).
        try (Memory address = sockaddr(target, 0)) {
            libc.sendto(fd, datagram, new NativeLong(datagram.length), 0, address, (int) address.size());
        } catch (LastErrorException e) {
            throw new IOException(
                    "sending to " + destination + " through the raw socket failed: errno " + e.getErrorCode(), e);
        }
    }

    /**
     * Marks what this socket sends with {@code mark} (SO_MARK, needs CAP_NET_ADMIN), so that policy
     * routing treats it like WireGuard's own packets of an interface with that fwmark.
     */
    public void setMark(int mark) throws IOException {
        ensureOpen();
        try (Memory value = new Memory(4)) {
            value.setInt(0, mark);
            libc.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_MARK, value, 4);
        } catch (LastErrorException e) {
            throw new IOException("SO_MARK " + mark + " on the raw socket failed: errno " + e.getErrorCode(), e);
        }
    }

    /**
     * Waits up to {@code waitMillis} for a datagram to the local port and returns it, or null when
     * none arrived or what arrived is not a well-formed UDP datagram to the local port.
     */
    public Received receive(int waitMillis) throws IOException {
        ensureOpen();
        try (Memory pollFd = new Memory(8)) {
            pollFd.setInt(0, fd);
            pollFd.setShort(4, LibC.POLLIN);
            pollFd.setShort(6, (short) 0);
            int ready;
            try {
                ready = libc.poll(pollFd, 1, Math.max(0, waitMillis));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    return null;
                }
                throw new IOException("poll on the raw socket failed: errno " + e.getErrorCode(), e);
            }
            if (ready <= 0 || (pollFd.getShort(6) & LibC.POLLIN) == 0) {
                return null;
            }
        }
        try (Memory address = new Memory(SOCKADDR_IN6)) {
            address.clear();
            IntByReference addressLength = new IntByReference(SOCKADDR_IN6);
            int length;
            try {
                length = libc.recvfrom(fd, buffer, new NativeLong(buffer.length), MSG_DONTWAIT, address, addressLength)
                        .intValue();
            } catch (LastErrorException e) {
                return null;
            }
            return ipv6 ? parseIpv6(address, length) : parseIpv4(length);
        }
    }

    /** Parses what an IPv4 raw socket delivers: the IP header (of IHL words), then UDP. */
    private Received parseIpv4(int length) {
        if (length < 20 || (buffer[0] & 0xf0) != 0x40) {
            return null;
        }
        int ihl = (buffer[0] & 0x0f) * 4;
        if (ihl < 20 || length < ihl + UdpDatagram.HEADER_LENGTH || buffer[9] != LibC.IPPROTO_UDP) {
            return null;
        }
        InetAddress from = address(Arrays.copyOfRange(buffer, 12, 16));
        return udp(from, ihl, length);
    }

    /** IPv6 raw sockets deliver from the UDP header on; the sender comes from recvfrom's address. */
    private Received parseIpv6(Memory address, int length) {
        if (length < UdpDatagram.HEADER_LENGTH || address.getShort(0) != LibC.AF_INET6) {
            return null;
        }
        return udp(address(address.getByteArray(8, 16)), 0, length);
    }

    private Received udp(InetAddress from, int udpOffset, int length) {
        int sourcePort = u16(udpOffset);
        int destinationPort = u16(udpOffset + 2);
        int udpLength = u16(udpOffset + 4);
        if (destinationPort != localPort
                || sourcePort == 0
                || udpLength < UdpDatagram.HEADER_LENGTH
                || udpLength > length - udpOffset) {
            return null;
        }
        int payloadStart = udpOffset + UdpDatagram.HEADER_LENGTH;
        byte[] payload = Arrays.copyOfRange(buffer, payloadStart, udpOffset + udpLength);
        return new Received(new InetSocketAddress(from, sourcePort), payload);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                // The descriptor is released even when close reports an error (Linux close(2)).
            }
        }
    }

    /** One datagram for the local port: who sent it and its UDP payload. */
    public record Received(InetSocketAddress source, byte[] payload) {
        public Received {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(payload, "payload");
        }
    }

    private void attachFilter(BpfProgram.Instruction[] program) {
        // struct sock_filter is 8 bytes; struct sock_fprog is {unsigned short len; pad; struct sock_filter *filter}.
        try (Memory filter = new Memory(8L * program.length);
                Memory fprog = new Memory(2L * Native.POINTER_SIZE)) {
            for (int i = 0; i < program.length; i++) {
                BpfProgram.Instruction instruction = program[i];
                filter.setShort(8L * i, (short) instruction.code());
                filter.setByte(8L * i + 2, (byte) instruction.jt());
                filter.setByte(8L * i + 3, (byte) instruction.jf());
                filter.setInt(8L * i + 4, instruction.k());
            }
            fprog.clear();
            fprog.setShort(0, (short) program.length);
            fprog.setPointer(Native.POINTER_SIZE, filter);
            libc.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, fprog, (int) fprog.size());
        }
    }

    private static Memory sockaddr(InetAddress address, int port) {
        byte[] raw = address.getAddress();
        Memory memory = new Memory(raw.length == 4 ? SOCKADDR_IN : SOCKADDR_IN6);
        memory.clear();
        memory.setShort(0, (short) (raw.length == 4 ? LibC.AF_INET : LibC.AF_INET6));
        memory.setByte(2, (byte) (port >>> 8));
        memory.setByte(3, (byte) port);
        if (raw.length == 4) {
            memory.write(4, raw, 0, 4);
        } else {
            memory.write(8, raw, 0, 16);
            memory.setInt(24, ((Inet6Address) address).getScopeId());
        }
        return memory;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }

    private int u16(int pos) {
        return ((buffer[pos] & 0xff) << 8) | (buffer[pos + 1] & 0xff);
    }

    private void ensureOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("raw socket is closed");
        }
    }

    /** Loads libc once, on first use, so hosts without raw-socket support never touch native code. */
    private static final class Native0 {
        private static volatile LibC libc;

        static LibC libc() throws RawSocketUnavailableException {
            if (!Platform.isLinux()) {
                throw new RawSocketUnavailableException("raw UDP sockets are only supported on Linux");
            }
            LibC loaded = libc;
            if (loaded == null) {
                try {
                    loaded = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
                } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                    throw new RawSocketUnavailableException("libc cannot be loaded through JNA: " + e.getMessage(), e);
                }
                libc = loaded;
            }
            return loaded;
        }
    }
}
