package io.peerexchange.domain;

import io.peerexchange.ports.NetworkChange;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns the host's network changes into an early refresh: every change but those of the WireGuard
 * interface itself (its own address and route changes follow from ours, and must not feed back)
 * asks for {@code refresh}, which {@link Discoverer#refreshNow} coalesces.
 */
public final class NetworkChangeTrigger implements Consumer<NetworkChange> {
    private static final ComponentLogger LOG = ComponentLogger.of(NetworkChangeTrigger.class, Component.NAT);

    private final String wireGuardInterface;
    private final Runnable refresh;

    public NetworkChangeTrigger(String wireGuardInterface, Runnable refresh) {
        if (wireGuardInterface == null || wireGuardInterface.isEmpty()) {
            throw new IllegalArgumentException("the WireGuard interface name is required");
        }
        this.wireGuardInterface = wireGuardInterface;
        this.refresh = refresh;
    }

    @Override
    public void accept(NetworkChange change) {
        if (change.interfaceName().equals(Optional.of(wireGuardInterface))) {
            return;
        }
        LOG.atDebug()
                .addKeyValue("ifindex", change.interfaceIndex())
                .addKeyValue("interface", change.interfaceName().orElse("?"))
                .log("network changed");
        refresh.run();
    }
}
