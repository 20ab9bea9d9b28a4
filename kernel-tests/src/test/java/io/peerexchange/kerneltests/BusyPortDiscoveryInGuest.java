package io.peerexchange.kerneltests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code peerexchange discover} next to kernel WireGuard: the kernel's own UDP socket holds 51820 in
 * namespace pxk-p behind router pxk-r, which maps 51820 to 40000 (docs/ARCHITECTURE.md#nat-lab); two coturn STUN servers in
 * pxk-inet. The agent must find the translated port from the busy port itself (raw sockets beside the
 * kernel's socket: there is no wireguard-go here). Runs in the guest only.
 */
class BusyPortDiscoveryInGuest {
    private static final List<String> NAMESPACES = List.of("pxk-inet", "pxk-r", "pxk-p");
    private static final List<Process> STUN = new ArrayList<>();

    @BeforeAll
    static void natLab() throws Exception {
        Sh.requireGuest();
        removeLab();
        for (String ns : NAMESPACES) {
            Sh.ok("ip", "netns", "add", ns);
            Sh.inNs(ns, "ip", "link", "set", "lo", "up");
        }
        Sh.ok(
                "ip",
                "link",
                "add",
                "wan",
                "netns",
                "pxk-r",
                "type",
                "veth",
                "peer",
                "name",
                "inet0",
                "netns",
                "pxk-inet");
        Sh.ok("ip", "link", "add", "eth0", "netns", "pxk-p", "type", "veth", "peer", "name", "lan", "netns", "pxk-r");
        Sh.inNs("pxk-inet", "ip", "addr", "add", "203.0.113.1/24", "dev", "inet0");
        Sh.inNs("pxk-inet", "ip", "addr", "add", "203.0.113.2/24", "dev", "inet0");
        Sh.inNs("pxk-inet", "ip", "link", "set", "inet0", "up");
        Sh.inNs("pxk-r", "ip", "addr", "add", "203.0.113.10/24", "dev", "wan");
        Sh.inNs("pxk-r", "ip", "addr", "add", "192.168.1.1/24", "dev", "lan");
        Sh.inNs("pxk-r", "ip", "link", "set", "wan", "up");
        Sh.inNs("pxk-r", "ip", "link", "set", "lan", "up");
        Sh.inNs("pxk-r", "sysctl", "-qw", "net.ipv4.ip_forward=1");
        Sh.inNs(
                "pxk-r",
                "iptables",
                "-t",
                "nat",
                "-A",
                "POSTROUTING",
                "-o",
                "wan",
                "-p",
                "udp",
                "--sport",
                "51820",
                "-j",
                "SNAT",
                "--to-source",
                "203.0.113.10:40000");
        Sh.inNs("pxk-r", "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE", "--random");
        Sh.inNs("pxk-r", "iptables", "-A", "INPUT", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
        Sh.inNs("pxk-p", "ip", "addr", "add", "192.168.1.2/24", "dev", "eth0");
        Sh.inNs("pxk-p", "ip", "link", "set", "eth0", "up");
        Sh.inNs("pxk-p", "ip", "route", "add", "default", "via", "192.168.1.1");
        KernelInterface wg = KernelInterface.create("pxkd", "pxk-p");
        wg.privateKey(Sh.genkey());
        wg.wgSet("listen-port", "51820");
        wg.cmd("ip", "link", "set", "pxkd", "up");
        Path dir = Files.createTempDirectory("pxk-stun");
        for (String ip : List.of("203.0.113.1", "203.0.113.2")) {
            STUN.add(new ProcessBuilder(
                            "ip",
                            "netns",
                            "exec",
                            "pxk-inet",
                            "turnserver",
                            "-n",
                            "--stun-only",
                            "-L",
                            ip,
                            "-p",
                            "3478",
                            "--no-cli",
                            "--no-tls",
                            "--no-dtls",
                            "--pidfile",
                            dir + "/" + ip + ".pid",
                            "--userdb",
                            dir + "/" + ip + ".db",
                            "--log-file",
                            "stdout",
                            "--simple-log")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(ip + ".log").toFile())
                    .start());
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Sh.inNs("pxk-inet", "ss", "-lnu").contains("203.0.113.2:3478")
                || !Sh.inNs("pxk-inet", "ss", "-lnu").contains("203.0.113.1:3478")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("coturn did not listen within 30 s");
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void removeLab() throws Exception {
        for (Process p : STUN) {
            p.destroyForcibly().waitFor();
        }
        STUN.clear();
        for (String ns : NAMESPACES) {
            for (String pid : Sh.run("ip", "netns", "pids", ns).output().split("\\s+")) {
                if (!pid.isBlank()) {
                    Sh.run("kill", "-9", pid.trim());
                }
            }
            Sh.run("ip", "netns", "del", ns);
        }
    }

    @Test
    void givenKernelWireGuardOn51820BehindPortTranslatingNat_discover_reportsTheTranslatedPort() {
        String sockets = Sh.inNs("pxk-p", "ss", "-ulnp");
        String wgPort = Sh.inNs("pxk-p", "wg", "show", "pxkd", "listen-port").trim();

        Sh.Result r = Sh.run(
                180,
                List.of(
                        "ip",
                        "netns",
                        "exec",
                        "pxk-p",
                        java(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-jar",
                        System.getenv("PXK_PEEREXCHANGE_JAR"),
                        "discover",
                        "--stun-server",
                        "203.0.113.1:3478",
                        "--stun-server",
                        "203.0.113.2:3478",
                        "--port",
                        "51820",
                        "--timeout",
                        "10s",
                        "--json"));

        assertThat(wgPort).isEqualTo("51820");
        assertThat(sockets)
                .as("the kernel's socket on 51820, no process owns it")
                .contains(":51820");
        assertThat(Sh.run("pgrep", "-x", "wireguard-go").exit())
                .as("no wireguard-go in the guest")
                .isNotZero();
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("\"public_endpoint\":\"203.0.113.10:40000\"")
                .contains("\"method\":\"shared_port\"")
                .contains("\"nat_type\":\"full_cone\"");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
