package io.peerexchange.ports;

import java.util.Optional;

/**
 * Something about the host's links, addresses or routes changed. {@code interfaceIndex} is the
 * kernel's ifindex, 0 when the change names none (a multipath route, lost notifications); {@code
 * interfaceName} is empty when the interface is gone or unknown.
 */
public record NetworkChange(int interfaceIndex, Optional<String> interfaceName) {
    public NetworkChange {
        if (interfaceIndex < 0) {
            throw new IllegalArgumentException("interface index " + interfaceIndex + " is negative");
        }
        if (interfaceName == null) {
            throw new IllegalArgumentException("interface name must be present or empty, not null");
        }
    }

    /** A change that names no interface: whatever it was, it may concern ours. */
    public static final NetworkChange UNKNOWN = new NetworkChange(0, Optional.empty());
}
