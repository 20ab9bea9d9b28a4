package io.peerexchange.adapters.wireguard;

import io.peerexchange.ports.InterfaceName;
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
        InterfaceName.of(name);
    }
}
