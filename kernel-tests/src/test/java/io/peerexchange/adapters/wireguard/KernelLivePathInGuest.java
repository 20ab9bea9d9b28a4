package io.peerexchange.adapters.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.kerneltests.KernelInterface;
import io.peerexchange.kerneltests.Sh;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.UpdateOutcome;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.WireGuardKey;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live-path guard on real kernel counters: kernel WireGuard A (the guest's root namespace, where
 * the updater runs) and B (namespace pxk-b) over a veth pair. B moves to another port, A roams to it on
 * B's packets; a control-plane endpoint must not replace that live path, and must replace it once B
 * has gone quiet. One updater across both, as in the agent. Runs in the guest only.
 */
class KernelLivePathInGuest {
    private static final String NS = "pxk-b";
    private static KernelInterface a;
    private static KernelInterface b;
    private static WireGuardKey keyOfB;
    private static Process ping;

    @BeforeAll
    static void twoKernelInterfaces() {
        Sh.requireGuest();
        Sh.run("ip", "netns", "del", NS);
        Sh.ok("ip", "netns", "add", NS);
        Sh.ok("ip", "link", "add", "pxkv0", "type", "veth", "peer", "name", "pxkv1", "netns", NS);
        Sh.ok("ip", "addr", "add", "10.0.0.1/24", "dev", "pxkv0");
        Sh.ok("ip", "link", "set", "pxkv0", "up");
        Sh.inNs(NS, "ip", "addr", "add", "10.0.0.2/24", "dev", "pxkv1");
        Sh.inNs(NS, "ip", "link", "set", "pxkv1", "up");
        Sh.inNs(NS, "ip", "link", "set", "lo", "up");
        String privA = Sh.genkey();
        String privB = Sh.genkey();
        String pubA = Sh.pubkey(privA);
        String pubB = Sh.pubkey(privB);
        keyOfB = WireGuardKey.fromBase64(pubB);
        a = KernelInterface.create("pxka");
        a.privateKey(privA);
        a.wgSet("listen-port", "51840", "peer", pubB, "allowed-ips", "10.99.1.2/32", "endpoint", "10.0.0.2:51841");
        a.cmd("ip", "addr", "add", "10.99.1.1/24", "dev", "pxka");
        a.cmd("ip", "link", "set", "pxka", "up");
        b = KernelInterface.create("pxkb", NS);
        b.privateKey(privB);
        b.wgSet(
                "listen-port",
                "51841",
                "peer",
                pubA,
                "allowed-ips",
                "10.99.1.1/32",
                "endpoint",
                "10.0.0.1:51840",
                "persistent-keepalive",
                "1");
        b.cmd("ip", "addr", "add", "10.99.1.2/24", "dev", "pxkb");
        b.cmd("ip", "link", "set", "pxkb", "up");
    }

    @AfterAll
    static void remove() {
        if (ping != null) {
            ping.destroyForcibly();
        }
        Sh.run("ip", "netns", "del", NS);
        Sh.run("ip", "link", "del", "pxka");
        Sh.run("ip", "link", "del", "pxkv0");
    }

    @Test
    void givenRoamedPathCarryingTraffic_updateKeepsIt_andOnceQuietReplacesIt() throws Exception {
        awaitTrue(
                "B's traffic reaches A", () -> a.peers().get(keyOfB.toBase64()).rxBytes() > 0);
        b.wgSet("listen-port", "51842");
        ping = new ProcessBuilder("ip", "netns", "exec", NS, "ping", "-q", "-i", "0.2", "10.99.1.1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        awaitTrue("A roams to B's new port", () -> endpointAtA().equals("10.0.0.2:51842"));
        WireGuardPeerUpdater updater = new WireGuardPeerUpdater(WireGuardSettings.of("pxka", Backend.NETLINK));

        UpdateOutcome live = update(updater, "10.0.0.2:51841");
        String heldWhileLive = endpointAtA();

        ping.destroyForcibly().waitFor();
        b.cmd("ip", "link", "set", "pxkb", "down");
        long rx = a.peers().get(keyOfB.toBase64()).rxBytes();
        Thread.sleep(4000);
        long rxQuiet = a.peers().get(keyOfB.toBase64()).rxBytes();
        UpdateOutcome dead = update(updater, "10.0.0.2:51843");

        assertThat(live.status()).as(live.detail()).isEqualTo(Status.LIVE_PATH_KEPT);
        assertThat(live.detail()).contains("WireGuard received", "10.0.0.2:51842");
        assertThat(heldWhileLive).isEqualTo("10.0.0.2:51842");
        assertThat(rxQuiet).as("no traffic from B once its interface is down").isEqualTo(rx);
        assertThat(dead.status()).as(dead.detail()).isEqualTo(Status.APPLIED);
        assertThat(endpointAtA()).isEqualTo("10.0.0.2:51843");
        assertThat(a.peers().get(keyOfB.toBase64()).allowedIps()).isEqualTo("10.99.1.2/32");
    }

    private static UpdateOutcome update(WireGuardPeerUpdater updater, String endpoint) throws Exception {
        return updater.updateEndpoints(List.of(new EndpointUpdate(keyOfB, Endpoint.parse(endpoint))))
                .outcomes()
                .get(0);
    }

    private static String endpointAtA() {
        return a.peers().get(keyOfB.toBase64()).endpoint();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within 60 s: " + what);
            }
            Thread.sleep(200);
        }
    }
}
