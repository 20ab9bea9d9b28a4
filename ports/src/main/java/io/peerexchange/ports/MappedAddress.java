package io.peerexchange.ports;

import java.util.Objects;

/**
 * What one STUN binding learned.
 *
 * @param endpoint      the public endpoint the server saw (XOR-MAPPED-ADDRESS)
 * @param server        the server as configured
 * @param serverAddress the address the server was reached at (after name resolution)
 * @param method        how the request was sent
 * @param localPort     the local UDP port the request left from
 */
public record MappedAddress(
        Endpoint endpoint, StunServer server, Endpoint serverAddress, BindingMethod method, int localPort) {
    public MappedAddress {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(serverAddress, "serverAddress");
        Objects.requireNonNull(method, "method");
        if (localPort < 1 || localPort > 65535) {
            throw new IllegalArgumentException("invalid local port " + localPort);
        }
    }
}
