package io.peerexchange.adapters.stun.raw;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The few libc socket calls the raw path needs; every failure surfaces as a LastErrorException with errno. */
public interface LibC extends Library {
    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int IPPROTO_UDP = 17;
    int SOL_SOCKET = 1;
    int SO_ATTACH_FILTER = 26;
    int SO_MARK = 36;
    short POLLIN = 0x001;
    int EINTR = 4;
    int EPERM = 1;
    int EACCES = 13;
    int EAFNOSUPPORT = 97;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, Pointer address, int addressLength) throws LastErrorException;

    int setsockopt(int fd, int level, int option, Pointer value, int valueLength) throws LastErrorException;

    NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, Pointer address, int addressLength)
            throws LastErrorException;

    NativeLong recvfrom(
            int fd, byte[] buffer, NativeLong length, int flags, Pointer address, IntByReference addressLength)
            throws LastErrorException;

    int poll(Pointer fds, int count, int timeoutMillis) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
