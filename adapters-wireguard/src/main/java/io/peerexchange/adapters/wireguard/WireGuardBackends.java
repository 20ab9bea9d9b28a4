package io.peerexchange.adapters.wireguard;

import io.peerexchange.adapters.wireguard.device.WireGuardDevice;
import io.peerexchange.adapters.wireguard.netlink.NetlinkWireGuard;
import io.peerexchange.adapters.wireguard.uapi.UapiWireGuard;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one list of WireGuard backends: which values {@code wg_backend} accepts besides {@code auto}, how
 * {@code auto} chooses, and how each backend is built. A new backend is a package implementing
 * {@link WireGuardDevice} plus one registration in {@link #BUILT_IN}; {@link Backend#parse}, its
 * error message and {@link Backend#names()} (from which the configuration help is derived) follow.
 */
final class WireGuardBackends {
    static final WireGuardBackends BUILT_IN = new WireGuardBackends(List.of(
            // A userspace implementation listens on its socket: it owns the interface.
            new BackendRegistration(
                    UapiWireGuard.NAME,
                    "wireguard-go",
                    "UAPI socket",
                    settings -> Files.exists(settings.uapiSocket()),
                    settings -> new UapiWireGuard(settings.uapiSocket())),
            // Otherwise the interface can only be the kernel's.
            new BackendRegistration(
                    NetlinkWireGuard.NAME,
                    "kernel",
                    "kernel",
                    settings -> true,
                    settings -> new NetlinkWireGuard(settings.interfaceName()))));

    private final List<BackendRegistration> registrations;

    WireGuardBackends(List<BackendRegistration> registrations) {
        if (registrations.isEmpty()) {
            throw new IllegalArgumentException("no WireGuard backend registered");
        }
        Set<String> seen = new HashSet<>();
        for (BackendRegistration registration : registrations) {
            if (!seen.add(registration.name())) {
                throw new IllegalArgumentException("backend \"" + registration.name() + "\" is registered twice");
            }
        }
        this.registrations = List.copyOf(registrations);
    }

    /** The registered names, in the order {@code auto} asks them. */
    List<String> names() {
        return registrations.stream().map(BackendRegistration::name).toList();
    }

    /**
     * The choices in words, for the configuration reference: {@code `auto` (UAPI socket if present,
     * else kernel), `uapi` (wireguard-go), `netlink` (kernel)}.
     */
    String describe() {
        StringBuilder auto = new StringBuilder();
        for (int i = 0; i < registrations.size(); i++) {
            BackendRegistration r = registrations.get(i);
            auto.append(i == 0 ? "" : ", else ").append(r.detectedBy());
            if (i < registrations.size() - 1) {
                auto.append(" if present");
            }
        }
        StringBuilder out = new StringBuilder("`" + Backend.AUTO_NAME + "` (" + auto + ")");
        for (BackendRegistration r : registrations) {
            out.append(", `").append(r.name()).append("` (").append(r.what()).append(')');
        }
        return out.toString();
    }

    Optional<BackendRegistration> find(String name) {
        return registrations.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * The device for one operation: the configured backend, or for {@code auto} the first whose
     * detection holds now (so a wireguard-go started later is found on the next operation).
     *
     * @throws IllegalStateException when no registration claims the interface under {@code auto}, or
     *     the configured backend is not registered here
     */
    WireGuardDevice device(WireGuardSettings settings) {
        Backend backend = settings.backend();
        if (!backend.isAuto()) {
            return find(backend.name())
                    .orElseThrow(() -> new IllegalStateException("WireGuard backend " + backend + " is not registered"))
                    .factory()
                    .apply(settings);
        }
        for (BackendRegistration registration : registrations) {
            if (registration.detect().test(settings)) {
                return registration.factory().apply(settings);
            }
        }
        throw new IllegalStateException(
                "none of the WireGuard backends " + names() + " detects interface " + settings.interfaceName());
    }
}
