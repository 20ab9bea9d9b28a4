package io.peerexchange.domain;

import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.CandidateSource;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PortMapper;
import io.peerexchange.ports.PortMapping;
import io.peerexchange.ports.PortMappingException;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeps the WireGuard port mapped at the gateway (docs/PROTOCOL.md#port-mapping): maps it, renews
 * at half the granted lifetime, maps again when a renewal fails (the gateway restarted), and
 * releases it on {@link #close()}. A gateway without any service is logged once and asked again
 * every {@link #RETRY_INTERVAL}. Listeners hear every change of the mapped endpoint at once.
 */
public final class PortMappingKeeper implements CandidateSource, AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(PortMappingKeeper.class, Component.NAT);
    /** The lifetime asked for; the gateway may grant less (or a permanent lease). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(2);
    /** How long after a failed attempt the gateway is asked again. */
    public static final Duration RETRY_INTERVAL = Duration.ofMinutes(5);

    private final PortMapper mapper;
    private final int internalPort;
    private final Optional<Duration> renewalOverride;
    private final Sleeper sleeper;
    private final AtomicReference<PortMapping> current = new AtomicReference<>();
    private final List<Consumer<Optional<Endpoint>>> listeners = new CopyOnWriteArrayList<>();
    private final Object releaseLock = new Object();
    private boolean failureLogged;
    private boolean closed;

    /**
     * @param renewalOverride a fixed renewal and retry interval (labs only), instead of half the
     *                        lifetime and {@link #RETRY_INTERVAL}
     */
    public PortMappingKeeper(PortMapper mapper, int internalPort, Optional<Duration> renewalOverride, Sleeper sleeper) {
        if (internalPort < 1 || internalPort > 65535) {
            throw new InvalidConfigException(ConfigField.LISTEN_PORT, "port mapping needs a ListenPort of 1-65535");
        }
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.internalPort = internalPort;
        this.renewalOverride = Objects.requireNonNull(renewalOverride, "renewalOverride");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The mapping held now; empty before the first, after a loss and after close. Thread-safe. */
    public Optional<PortMapping> current() {
        return Optional.ofNullable(current.get());
    }

    /**
     * The external endpoint of the mapping held now, whatever its address: the {@code portmap}
     * candidate. Thread-safe.
     */
    public Optional<Endpoint> mappedEndpoint() {
        return current().map(PortMapping::external);
    }

    /**
     * The mapping as a {@code portmap} candidate (whatever its address: behind a double NAT it still
     * serves peers on the outer LAN), or none while nothing is mapped.
     */
    @Override
    public List<Candidate> candidates(int listenPort) {
        return mappedEndpoint()
                .map(endpoint -> List.of(new Candidate(endpoint, CandidateKind.PORTMAP)))
                .orElse(List.of());
    }

    /** The mapped endpoint when its address is public: what may be reported as public_endpoint. */
    public Optional<Endpoint> publicEndpoint() {
        return mappedEndpoint().filter(e -> PublicAddresses.isPublic(e.address()));
    }

    /** Calls {@code listener} with {@link #mappedEndpoint()} after each change, on the keeper's thread. */
    public void addListener(Consumer<Optional<Endpoint>> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Maps, renews and remaps until interrupted (the way to stop it); then {@link #close()} releases. */
    public void run() throws InterruptedException {
        while (true) {
            PortMapping held = current.get();
            if (held == null) {
                if (!attemptMap()) {
                    sleeper.sleep(renewalOverride.orElse(RETRY_INTERVAL));
                }
                continue;
            }
            sleeper.sleep(renewalInterval(held));
            renew(held);
        }
    }

    /** One attempt to map; true when a mapping is held afterwards. */
    boolean attemptMap() throws InterruptedException {
        PortMapping mapping;
        try {
            mapping = mapper.map(internalPort, DEFAULT_LIFETIME);
        } catch (PortMappingException e) {
            if (!failureLogged) {
                failureLogged = true;
                LOG.atInfo()
                        .addKeyValue("error", e.getMessage())
                        .addKeyValue("retry_in", renewalOverride.orElse(RETRY_INTERVAL))
                        .log("no port mapping: the gateway did not map the WireGuard port");
            } else {
                LOG.atDebug().addKeyValue("error", e.getMessage()).log("port mapping attempt failed");
            }
            return false;
        }
        failureLogged = false;
        if (!hold(mapping)) {
            return false;
        }
        LOG.atInfo()
                .addKeyValue("protocol", mapping.protocol())
                .addKeyValue("external", mapping.external())
                .addKeyValue("lifetime", mapping.permanent() ? "permanent" : mapping.lifetime())
                .log("WireGuard port mapped at the gateway");
        warnIfNotPublic(mapping);
        changed(null, mapping);
        return true;
    }

    private void renew(PortMapping held) throws InterruptedException {
        PortMapping renewed;
        try {
            renewed = mapper.renew(held, DEFAULT_LIFETIME);
        } catch (PortMappingException e) {
            LOG.atWarn()
                    .addKeyValue("protocol", held.protocol())
                    .addKeyValue("error", e.getMessage())
                    .log("port mapping renewal failed; the mapping is taken as lost and made again");
            current.compareAndSet(held, null);
            changed(held, null);
            return;
        }
        if (!hold(renewed)) {
            return;
        }
        if (!renewed.external().equals(held.external())) {
            LOG.atInfo()
                    .addKeyValue("old_external", held.external())
                    .addKeyValue("new_external", renewed.external())
                    .log("the gateway mapped the WireGuard port to another external endpoint");
            warnIfNotPublic(renewed);
        } else {
            LOG.atDebug().addKeyValue("mapping", renewed).log("port mapping renewed");
        }
        changed(held, renewed);
    }

    /** Holds {@code mapping} unless close() came first, in which case it is released at once. */
    private boolean hold(PortMapping mapping) throws InterruptedException {
        synchronized (releaseLock) {
            if (!closed) {
                current.set(mapping);
                return true;
            }
        }
        release(mapping);
        return false;
    }

    private void changed(PortMapping before, PortMapping after) {
        Optional<Endpoint> was = Optional.ofNullable(before).map(PortMapping::external);
        Optional<Endpoint> now = Optional.ofNullable(after).map(PortMapping::external);
        if (was.equals(now)) {
            return;
        }
        for (Consumer<Optional<Endpoint>> listener : listeners) {
            try {
                listener.accept(now);
            } catch (RuntimeException e) {
                LOG.atWarn().setCause(e).log("port mapping listener failed");
            }
        }
    }

    private static void warnIfNotPublic(PortMapping mapping) {
        if (!PublicAddresses.isPublic(mapping.external().address())) {
            LOG.atWarn()
                    .addKeyValue("external", mapping.external())
                    .log("the gateway's external address is private or shared (double NAT?); "
                            + "the mapping is not reported as the public endpoint");
        }
    }

    /** Half the granted lifetime; a permanent lease is checked as often as a default one would be renewed. */
    Duration renewalInterval(PortMapping mapping) {
        if (renewalOverride.isPresent()) {
            return renewalOverride.get();
        }
        Duration lifetime = mapping.permanent() ? DEFAULT_LIFETIME : mapping.lifetime();
        return lifetime.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1)
                : lifetime.dividedBy(2);
    }

    /** Releases the mapping held (also a permanent lease). Call after the run thread stopped. Idempotent. */
    @Override
    public void close() {
        PortMapping held;
        synchronized (releaseLock) {
            closed = true;
            held = current.getAndSet(null);
        }
        if (held == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            release(held);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void release(PortMapping mapping) throws InterruptedException {
        try {
            mapper.release(mapping);
            LOG.atInfo()
                    .addKeyValue("protocol", mapping.protocol())
                    .addKeyValue("external", mapping.external())
                    .log("port mapping released");
        } catch (PortMappingException e) {
            LOG.atWarn()
                    .addKeyValue("protocol", mapping.protocol())
                    .addKeyValue("error", e.getMessage())
                    .log("port mapping release failed");
        }
    }
}
