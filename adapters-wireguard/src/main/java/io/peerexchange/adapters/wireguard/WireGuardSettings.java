package io.peerexchange.adapters.wireguard;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which interface to update and how to reach it.
 *
 * @param interfaceName a Linux interface name: 1-15 printable ASCII characters, no {@code /}, {@code :}
 *     or whitespace, not {@code .} or {@code ..} (it also names the UAPI socket file, so anything that
 *     could climb out of the socket directory is refused)
 * @param uapiDirectory where wireguard-go puts {@code <interface>.sock}
 */
public record WireGuardSettings(String interfaceName, Backend backend, Path uapiDirectory) {
    /** Where wireguard-go and boringtun put their sockets. */
    public static final Path DEFAULT_UAPI_DIRECTORY = Path.of("/var/run/wireguard");

    /** IFNAMSIZ is 16 including the terminating NUL. */
    private static final int MAX_NAME_LENGTH = 15;

    public WireGuardSettings {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(uapiDirectory, "uapiDirectory");
        validateInterfaceName(interfaceName);
    }

    public static WireGuardSettings of(String interfaceName, Backend backend) {
        return new WireGuardSettings(interfaceName, backend, DEFAULT_UAPI_DIRECTORY);
    }

    /** The userspace API socket of this interface. */
    public Path uapiSocket() {
        return uapiDirectory.resolve(interfaceName + ".sock");
    }

    private static void validateInterfaceName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("invalid WireGuard interface name: empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("invalid WireGuard interface name: " + name.length()
                    + " characters, at most " + MAX_NAME_LENGTH + " allowed");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid WireGuard interface name \"" + name + "\": not a name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("invalid WireGuard interface name: character " + (i + 1)
                        + " is whitespace, a control character or not ASCII");
            }
            if (c == '/' || c == ':') {
                throw new IllegalArgumentException(
                        "invalid WireGuard interface name \"" + name + "\": '" + c + "' is not allowed");
            }
        }
    }
}
