package io.peerexchange.adapters.wireguard;

import io.peerexchange.adapters.wireguard.device.WireGuardDevice;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One WireGuard backend as {@link WireGuardBackends} lists it.
 *
 * @param name what selects it in configuration: lower case letters, digits and {@code -}, never
 *     {@code auto}
 * @param what what it talks to, in a few words, for the configuration reference ({@code wireguard-go})
 * @param detectedBy what {@code auto} looks for, in a few words ({@code UAPI socket})
 * @param detect whether {@code auto} takes it for these settings; asked in registration order, so it may
 *     look at the system (a socket file) but must be cheap, it runs once per operation
 * @param factory a device for one operation on the interface the settings name
 */
record BackendRegistration(
        String name,
        String what,
        String detectedBy,
        Predicate<WireGuardSettings> detect,
        Function<WireGuardSettings, WireGuardDevice> factory) {

    BackendRegistration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(detectedBy, "detectedBy");
        Objects.requireNonNull(detect, "detect");
        Objects.requireNonNull(factory, "factory");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("backend name \"" + name + "\" is not lower case letters and digits");
        }
        if (name.equals(Backend.AUTO_NAME)) {
            throw new IllegalArgumentException("\"" + Backend.AUTO_NAME + "\" chooses among the backends");
        }
    }
}
