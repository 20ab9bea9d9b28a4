package io.peerexchange.adapters.systemd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code $NOTIFY_SOCKET} as a {@code struct sockaddr_un}: a path, or with a leading {@code @} an
 * abstract-namespace name (the {@code @} becomes the leading NUL byte, and the length counts only the
 * name, as sd_notify(3) does).
 */
record NotifySocketAddress(String value) {
    /** {@code sizeof(sun_path)} on Linux. */
    static final int MAX_PATH_BYTES = 108;

    private static final int FAMILY_BYTES = 2;

    NotifySocketAddress {
        Objects.requireNonNull(value, "value");
        byte[] name = value.getBytes(StandardCharsets.UTF_8);
        if (name.length < 2 || (name[0] != '/' && name[0] != '@')) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is neither an absolute path nor @abstract");
        }
        if (name.length > MAX_PATH_BYTES - (name[0] == '/' ? 1 : 0)) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than " + MAX_PATH_BYTES + " bytes");
        }
    }

    boolean isAbstract() {
        return value.charAt(0) == '@';
    }

    /** The bytes to pass to {@code sendto}, exactly as long as the address length to pass with them. */
    byte[] sockaddr() {
        byte[] name = value.getBytes(StandardCharsets.UTF_8);
        // A path is NUL-terminated; an abstract name is not, its leading NUL is the '@'.
        int length = FAMILY_BYTES + name.length + (isAbstract() ? 0 : 1);
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        b.putShort((short) LibC.AF_UNIX);
        b.put(isAbstract() ? (byte) 0 : name[0]);
        b.put(name, 1, name.length - 1);
        return b.array();
    }
}
