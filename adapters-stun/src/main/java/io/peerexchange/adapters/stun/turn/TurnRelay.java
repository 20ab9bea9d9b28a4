package io.peerexchange.adapters.stun.turn;

import io.peerexchange.adapters.stun.codec.ChannelData;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.CandidateSource;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.Relay;
import io.peerexchange.ports.RelayedPath;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The relay as the agent uses it: an allocation on the first configured TURN server that grants
 * one (tried in order), a loopback proxy address per relayed peer, and a maintenance thread that
 * refreshes the allocation before it expires (and every {@link #ALLOCATION_CHECK}), permissions every {@link #PERMISSION_REFRESH} and
 * channels every {@link #CHANNEL_REFRESH}, and allocates again (on any server) when the server
 * lost it. Nothing outlives {@link #close()}: the allocation is refreshed with lifetime 0, sockets
 * are closed and both threads joined. It is also the {@code relay} candidate's source.
 */
public final class TurnRelay implements Relay, CandidateSource, AutoCloseable {
    /** RFC 8656 §9: permissions last 5 minutes. */
    public static final Duration PERMISSION_REFRESH = Duration.ofMinutes(4);
    /** RFC 8656 §12: channel bindings last 10 minutes. */
    public static final Duration CHANNEL_REFRESH = Duration.ofMinutes(9);
    /** Refresh this long before the granted lifetime ends (or at half of a shorter lifetime). */
    public static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    /**
     * How often a Refresh checks that the server still holds the allocation: a restarted server
     * forgets it silently (ChannelData to it is dropped), so waiting for the lifetime would leave
     * the relayed peers cut off for minutes.
     */
    public static final Duration ALLOCATION_CHECK = Duration.ofSeconds(2);
    /** How often the maintenance thread looks at the allocation. */
    public static final Duration TICK = Duration.ofMillis(500);

    private static final ComponentLogger LOG = ComponentLogger.of(TurnRelay.class, Component.RELAY);

    private final List<StunServer> servers;
    private final TurnCredentials credentials;
    private final RelayProxy proxy;
    private final Thread maintenance;
    private final Object lock = new Object();
    private final Map<Endpoint, Relayed> peers = new LinkedHashMap<>();
    private final List<Rebind> rebinds = new ArrayList<>();
    private TurnAllocation allocation;
    private long refreshDueNanos;
    private long permissionsDueNanos;
    private long channelsDueNanos;
    private int nextChannel = ChannelData.MIN_CHANNEL;
    private volatile boolean wanted;
    private volatile boolean closed;
    private volatile Runnable relayedAddressListener = () -> {};
    /** The relayed address last announced to the listener; guarded by {@code lock}. */
    private Endpoint announced;

    /**
     * A relay for WireGuard listening on {@code wireGuardPort} of {@code loopback}; nothing is
     * allocated until {@link #allocate()} or {@link #relay(Endpoint)}.
     */
    public TurnRelay(List<StunServer> servers, TurnCredentials credentials, InetAddress loopback, int wireGuardPort)
            throws IOException {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a TURN relay needs at least one server");
        }
        this.servers = List.copyOf(servers);
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.proxy = new RelayProxy(new InetSocketAddress(loopback, wireGuardPort));
        proxy.onPeerMoved(this::peerMoved);
        this.maintenance = new Thread(this::maintain, "peerexchange-turn");
        maintenance.setDaemon(true);
        maintenance.start();
    }

    /**
     * Runs {@code listener} whenever an allocation brings a relayed address other than the last one
     * (the first allocation, and one made again after a server restart): the relay candidate changed
     * and the agent reports it at once rather than at its next refresh. It must not block.
     */
    public void onRelayedAddressChanged(Runnable listener) {
        this.relayedAddressListener = Objects.requireNonNull(listener, "listener");
    }

    /** Our relayed address, when allocated. */
    public Optional<Endpoint> relayedAddress() {
        synchronized (lock) {
            return allocation == null ? Optional.empty() : Optional.of(Endpoint.of(allocation.relayed()));
        }
    }

    /** The servers in order until one grants an allocation; each failure is one warning naming server and reason. */
    public Optional<Endpoint> allocate() throws InterruptedException {
        wanted = true;
        synchronized (lock) {
            if (allocation == null) {
                allocateLocked();
            }
            return allocation == null ? Optional.empty() : Optional.of(Endpoint.of(allocation.relayed()));
        }
    }

    private void allocateLocked() throws InterruptedException {
        for (StunServer server : servers) {
            InetSocketAddress address;
            try {
                address = new InetSocketAddress(InetAddress.getByName(server.host()), server.port());
            } catch (UnknownHostException e) {
                warn(server, TurnException.Reason.UNREACHABLE, "cannot resolve " + server.host());
                continue;
            }
            TurnAllocation candidate;
            try {
                candidate = new TurnAllocation(address, credentials);
            } catch (IOException e) {
                warn(server, TurnException.Reason.UNREACHABLE, e.toString());
                continue;
            }
            proxy.attach(candidate);
            long started = System.nanoTime();
            try {
                candidate.allocate();
                allocation = candidate;
                long now = System.nanoTime();
                refreshDueNanos = now + refreshDelay(candidate.lifetimeSeconds());
                permissionsDueNanos = now + PERMISSION_REFRESH.toNanos();
                channelsDueNanos = now + CHANNEL_REFRESH.toNanos();
                LOG.atInfo()
                        .addKeyValue("server", server.host() + ":" + server.port())
                        .addKeyValue("relayed", Endpoint.of(candidate.relayed()))
                        .addKeyValue("lifetime_s", candidate.lifetimeSeconds())
                        .addKeyValue("took_ms", (now - started) / 1_000_000)
                        .log("relay allocated");
                Endpoint relayed = Endpoint.of(candidate.relayed());
                if (!relayed.equals(announced)) {
                    announced = relayed;
                    relayedAddressListener.run();
                }
                return;
            } catch (TurnException e) {
                warn(server, e.reason(), e.getMessage());
                proxy.detach(candidate, true);
                closeQuietly(candidate);
            }
        }
        LOG.atWarn().addKeyValue("servers", servers.size()).log("no TURN server granted an allocation");
    }

    private static long refreshDelay(int lifetimeSeconds) {
        long lifetime = Duration.ofSeconds(lifetimeSeconds).toNanos();
        return Math.min(ALLOCATION_CHECK.toNanos(), Math.max(lifetime / 2, lifetime - REFRESH_MARGIN.toNanos()));
    }

    private static void warn(StunServer server, TurnException.Reason reason, String message) {
        LOG.atWarn()
                .addKeyValue("server", server.host() + ":" + server.port())
                .addKeyValue("reason", reason.logName())
                .addKeyValue("error", message)
                .log("TURN server failed");
    }

    /**
     * The path for the peer whose WireGuard port the relay reaches at {@code peer}: the loopback
     * address WireGuard should hold for it and our relayed address; allocates first when needed.
     * Empty when no server granted an allocation.
     */
    @Override
    public Optional<RelayedPath> relay(Endpoint peer) throws InterruptedException {
        wanted = true;
        synchronized (lock) {
            if (allocation == null) {
                allocateLocked();
                if (allocation == null) {
                    return Optional.empty();
                }
            }
            Relayed known = peers.get(peer);
            if (known != null) {
                return Optional.of(path(known));
            }
            Endpoint movedFrom = boundTo(peer.toSocketAddress());
            if (movedFrom != null) {
                // A relayed peer already moved to this address and its channel followed it: a ChannelBind of
                // the address to another channel would be refused (400), so this peer takes that one over.
                Relayed moved = peers.remove(movedFrom);
                peers.put(peer, moved);
                LOG.atInfo()
                        .addKeyValue("peer", peer)
                        .addKeyValue("proxy", Endpoint.of(moved.proxied.proxyAddress()))
                        .addKeyValue("relayed", Endpoint.of(allocation.relayed()))
                        .addKeyValue("was", movedFrom)
                        .log("peer relayed");
                return Optional.of(path(moved));
            }
            try {
                Relayed relayed;
                try {
                    relayed = open(peer);
                } catch (TurnException e) {
                    warn(e);
                    // A restarted server refuses permissions on an allocation it forgot (400 or 437)
                    // before the next check notices: look now, and on a lost one try its successor.
                    if (allocationHeld() || !reallocatedLocked()) {
                        return Optional.empty();
                    }
                    relayed = open(peer);
                }
                peers.put(peer, relayed);
                LOG.atInfo()
                        .addKeyValue("peer", peer)
                        .addKeyValue("proxy", Endpoint.of(relayed.proxied.proxyAddress()))
                        .addKeyValue("relayed", Endpoint.of(allocation.relayed()))
                        .log("peer relayed");
                return Optional.of(path(relayed));
            } catch (TurnException e) {
                warn(e);
                return Optional.empty();
            } catch (IOException e) {
                LOG.atWarn()
                        .addKeyValue("peer", peer)
                        .addKeyValue("error", e.toString())
                        .log("relay proxy socket failed");
                return Optional.empty();
            }
        }
    }

    private RelayedPath path(Relayed relayed) {
        return new RelayedPath(Endpoint.of(relayed.proxied.proxyAddress()), Endpoint.of(allocation.relayed()));
    }

    private Relayed open(Endpoint peer) throws TurnException, InterruptedException, IOException {
        InetSocketAddress remote = peer.toSocketAddress();
        int channel = takeChannel();
        allocation.permit(List.of(remote.getAddress()));
        allocation.bind(remote, channel);
        return new Relayed(proxy.addPeer(allocation, remote, channel));
    }

    /** The peer whose channel on this allocation is bound to {@code remote}; null when none is. */
    private Endpoint boundTo(InetSocketAddress remote) {
        for (Map.Entry<Endpoint, Relayed> entry : peers.entrySet()) {
            if (entry.getValue().proxied.remote().equals(remote)) {
                return entry.getKey();
            }
        }
        return null;
    }

    private int takeChannel() {
        int channel = nextChannel;
        nextChannel = nextChannel == ChannelData.MAX_CHANNEL ? ChannelData.MIN_CHANNEL : nextChannel + 1;
        return channel;
    }

    /** Stops relaying for this peer: its proxy socket closes; the last peer's release gives the allocation back. */
    @Override
    public void release(Endpoint peer) throws InterruptedException {
        synchronized (lock) {
            Relayed relayed = peers.remove(peer);
            if (relayed != null && allocation != null) {
                proxy.removePeer(allocation, relayed.proxied);
                LOG.atInfo().addKeyValue("peer", peer).log("peer no longer relayed");
            }
            if (relayed != null && peers.isEmpty()) {
                wanted = false;
                dropLocked(true);
            }
        }
    }

    /** Gives the allocation back (Refresh lifetime 0) and closes every peer's socket; a later call allocates anew. */
    public void deallocate() throws InterruptedException {
        wanted = false;
        synchronized (lock) {
            dropLocked(true);
        }
    }

    /** Bytes WireGuard got from the peer through the relay, for the policy ("the relay still carries traffic"). */
    public long bytesIn(Endpoint peer) {
        synchronized (lock) {
            Relayed relayed = peers.get(peer);
            return relayed == null ? 0 : relayed.proxied.bytesIn();
        }
    }

    public long bytesOut(Endpoint peer) {
        synchronized (lock) {
            Relayed relayed = peers.get(peer);
            return relayed == null ? 0 : relayed.proxied.bytesOut();
        }
    }

    private void dropLocked(boolean giveBack) throws InterruptedException {
        if (allocation == null) {
            return;
        }
        TurnAllocation old = allocation;
        allocation = null;
        if (giveBack) {
            try {
                old.release();
                LOG.atInfo().addKeyValue("relayed", Endpoint.of(old.relayed())).log("relay released");
            } catch (TurnException e) {
                warn(e);
            }
        }
        proxy.detach(old, giveBack);
        closeQuietly(old);
        if (giveBack) {
            peers.clear();
        }
    }

    /** The relay candidate, when allocated (CandidateSource): the far peer's WireGuard endpoint for us. */
    @Override
    public List<Candidate> candidates(int listenPort) {
        return relayedAddress()
                .map(relayed -> List.of(new Candidate(relayed, CandidateKind.RELAY)))
                .orElse(List.of());
    }

    private void peerMoved(RelayedPeer peer, InetSocketAddress from) {
        synchronized (rebinds) {
            rebinds.add(new Rebind(peer, from));
        }
    }

    private record Rebind(RelayedPeer peer, InetSocketAddress to) {}

    private static final class Relayed {
        final RelayedPeer proxied;

        Relayed(RelayedPeer proxied) {
            this.proxied = proxied;
        }
    }

    private void maintain() {
        while (!closed) {
            try {
                Thread.sleep(TICK.toMillis());
                synchronized (lock) {
                    if (!closed) {
                        tick();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.atError().addKeyValue("error", e.toString()).log("relay maintenance failed");
            }
        }
    }

    private void tick() throws InterruptedException {
        if (allocation == null) {
            if (wanted) {
                reallocateLocked();
            }
            return;
        }
        long now = System.nanoTime();
        try {
            if (now - refreshDueNanos >= 0) {
                allocation.refresh(TurnAllocation.REQUESTED_LIFETIME_SECONDS);
                refreshDueNanos = now + refreshDelay(allocation.lifetimeSeconds());
            }
            if (now - permissionsDueNanos >= 0) {
                List<InetAddress> addresses = new ArrayList<>();
                peers.values().forEach(r -> addresses.add(r.proxied.remote().getAddress()));
                if (!addresses.isEmpty()) {
                    allocation.permit(addresses);
                }
                permissionsDueNanos = now + PERMISSION_REFRESH.toNanos();
            }
            if (now - channelsDueNanos >= 0) {
                for (Relayed relayed : peers.values()) {
                    allocation.bind(relayed.proxied.remote(), relayed.proxied.channel());
                }
                channelsDueNanos = now + CHANNEL_REFRESH.toNanos();
            }
            List<Rebind> moved;
            synchronized (rebinds) {
                moved = new ArrayList<>(rebinds);
                rebinds.clear();
            }
            for (Rebind rebind : moved) {
                // Every datagram from the new address before this tick queued a rebind: bind it once,
                // a second ChannelBind of the same address to another channel is refused (400).
                if (rebind.peer().remote().equals(rebind.to()) || boundTo(rebind.to()) != null) {
                    continue;
                }
                int channel = takeChannel();
                allocation.bind(rebind.to(), channel);
                proxy.rechannel(allocation, rebind.peer(), rebind.to(), channel);
                LOG.atInfo()
                        .addKeyValue("peer", Endpoint.of(rebind.to()))
                        .log("relayed peer moved; channel bound again");
            }
        } catch (TurnException e) {
            warn(e);
            reallocateLocked();
        }
    }

    /** Whether the server still holds the allocation: a Refresh it answers with success. */
    private boolean allocationHeld() throws InterruptedException {
        try {
            allocation.refresh(TurnAllocation.REQUESTED_LIFETIME_SECONDS);
            refreshDueNanos = System.nanoTime() + refreshDelay(allocation.lifetimeSeconds());
            return true;
        } catch (TurnException e) {
            warn(e);
            return false;
        }
    }

    /** {@link #reallocateLocked()}; whether there is an allocation afterwards. */
    private boolean reallocatedLocked() throws InterruptedException {
        reallocateLocked();
        return allocation != null;
    }

    /** The server lost or refused our allocation (a restart, a 437): allocate again and bring every peer back on it. */
    private void reallocateLocked() throws InterruptedException {
        List<Map.Entry<Endpoint, Relayed>> old = new ArrayList<>(peers.entrySet());
        dropLocked(false);
        allocateLocked();
        if (allocation == null) {
            return;
        }
        for (Map.Entry<Endpoint, Relayed> entry : old) {
            RelayedPeer previous = entry.getValue().proxied;
            try {
                int channel = takeChannel();
                allocation.permit(List.of(previous.remote().getAddress()));
                allocation.bind(previous.remote(), channel);
                // the same loopback socket, so WireGuard's endpoint for the peer stays as it is
                proxy.readopt(allocation, previous, channel);
            } catch (TurnException e) {
                warn(e);
            }
        }
    }

    private static void warn(TurnException e) {
        LOG.atWarn()
                .addKeyValue("reason", e.reason().logName())
                .addKeyValue("error", e.getMessage())
                .log("TURN request failed");
    }

    private static void closeQuietly(TurnAllocation allocation) {
        try {
            allocation.close();
        } catch (IOException e) {
            // a UDP socket: nothing to flush
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        maintenance.interrupt();
        try {
            maintenance.join(RelayProxy.JOIN_TIMEOUT.toMillis());
            synchronized (lock) {
                dropLocked(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            proxy.close();
        }
    }
}
