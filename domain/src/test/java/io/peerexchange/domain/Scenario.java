package io.peerexchange.domain;

import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.testing.FakeEndpointReporter;
import io.peerexchange.ports.testing.FakeEventSubscriptions;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.ports.testing.FakePeerUpdater;
import io.peerexchange.ports.testing.FakeStunClient;
import io.peerexchange.testing.time.MutableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One node's world made of fakes: STUN servers, control plane, WireGuard, clock and sleeper. */
final class Scenario {
    static final NodeId NODE = new NodeId("node-1");
    static final int LISTEN_PORT = 51820;

    final FakeStunClient stun = new FakeStunClient();
    final FakeEndpointReporter reporter = new FakeEndpointReporter();
    final FakePeerLister lister = new FakePeerLister();
    final FakePeerUpdater wireguard = new FakePeerUpdater();
    final FakeEventSubscriptions events = new FakeEventSubscriptions();
    final ManualSleeper sleeper = new ManualSleeper();
    final Set<InetAddress> hostAddresses = new HashSet<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    Config config = new Config(
            true,
            List.of(StunServer.parse("stun1.test:3478"), StunServer.parse("stun2.test:3478")),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1));
    final PeerDirectory directory = new PeerDirectory(lister, NODE, clock);

    Scenario() {
        try {
            hostAddresses.add(InetAddress.getByName("192.168.1.2"));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    Discoverer discoverer() {
        return new Discoverer(stun, () -> Set.copyOf(hostAddresses), config, LISTEN_PORT, sleeper);
    }

    PeerEndpointApplier applier() {
        return new PeerEndpointApplier(directory, wireguard);
    }

    Exchanger exchanger() {
        return new Exchanger(config, discoverer(), reporter, applier());
    }

    /** Runs {@code discoverer}'s loop on a thread of its own, reporting through {@code to}. */
    Running start(Discoverer discoverer, EndpointReporter to) {
        return start(discoverer, to, applier(), ReportGate.OPEN);
    }

    /** As {@link #start(Discoverer, EndpointReporter)}, applying through {@code applier} behind {@code gate}. */
    Running start(Discoverer discoverer, EndpointReporter to, PeerEndpointApplier applier, ReportGate gate) {
        Thread loop = new Thread(() -> {
            try {
                discoverer.run(NODE, to, applier, gate);
            } catch (InterruptedException | DiscoveryException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.start();
        return new Running(loop);
    }

    /** Runs the loop until the sleeper has been asked {@code sleeps} times in all, then stops it. */
    void runUntilSleeps(Discoverer discoverer, EndpointReporter to, int sleeps) throws InterruptedException {
        try (Running loop = start(discoverer, to)) {
            sleeper.awaitSleeps(sleeps);
        }
    }

    /** A discovery loop under test; closing it interrupts the loop and waits up to a second for it to end. */
    record Running(Thread thread) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(1000);
        }
    }
}
