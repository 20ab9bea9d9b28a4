package io.peerexchange.adapters.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.ServiceManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify(3) datagrams, received on a real Unix datagram socket bound by the test. */
class SdNotifyTest {
    private static final long PID = 4242;

    @TempDir
    Path dir;

    @Test
    void givenANotifySocketPath_readyStatusWatchdogAndStopping_arriveAsSdNotifyDatagrams() {
        String path = dir.resolve("notify").toString();
        try (DatagramReceiver systemd = new DatagramReceiver(path)) {
            ServiceManager manager = SdNotify.fromEnvironment(Map.of(SdNotify.NOTIFY_SOCKET, path), PID);

            manager.ready("1 peer, events up");
            manager.status("polling the node state\nsecond line");
            manager.alive();
            manager.stopping();

            assertThat(systemd.receive()).contains("READY=1\nSTATUS=1 peer, events up");
            assertThat(systemd.receive()).contains("STATUS=polling the node state second line");
            assertThat(systemd.receive()).contains("WATCHDOG=1");
            assertThat(systemd.receive()).contains("STOPPING=1");
        }
    }

    @Test
    void givenAnAbstractNotifySocket_ready_arrivesThere() {
        String name = "@px-sdnotify-test-" + ThreadLocalRandom.current().nextLong(1L << 40);
        try (DatagramReceiver systemd = new DatagramReceiver(name)) {
            SdNotify.fromEnvironment(Map.of(SdNotify.NOTIFY_SOCKET, name), PID).ready("up");

            assertThat(systemd.receive()).contains("READY=1\nSTATUS=up");
        }
    }

    @Test
    void givenNoNotifySocket_fromEnvironment_isTheSilentManager() {
        assertThat(SdNotify.fromEnvironment(Map.of(), PID)).isSameAs(ServiceManager.NONE);
        assertThat(SdNotify.fromEnvironment(Map.of(SdNotify.NOTIFY_SOCKET, ""), PID))
                .isSameAs(ServiceManager.NONE);
    }

    @Test
    void givenWatchdogUsecForThisProcess_watchdogInterval_isHalfTheTimeout() {
        ServiceManager manager = SdNotify.fromEnvironment(
                Map.of(
                        SdNotify.NOTIFY_SOCKET, "/run/systemd/notify",
                        SdNotify.WATCHDOG_USEC, "30000000",
                        SdNotify.WATCHDOG_PID, Long.toString(PID)),
                PID);

        assertThat(manager.watchdogEnabled()).isTrue();
        assertThat(manager.watchdogInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void givenWatchdogUsecForAnotherProcess_theWatchdog_isOff() {
        ServiceManager manager = SdNotify.fromEnvironment(
                Map.of(
                        SdNotify.NOTIFY_SOCKET, "/run/systemd/notify",
                        SdNotify.WATCHDOG_USEC, "30000000",
                        SdNotify.WATCHDOG_PID, "1"),
                PID);

        assertThat(manager.watchdogEnabled()).isFalse();
    }

    @Test
    void givenABadNotifySocketOrWatchdogValue_fromEnvironment_refuses() {
        assertThatThrownBy(() -> SdNotify.fromEnvironment(Map.of(SdNotify.NOTIFY_SOCKET, "relative"), PID))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SdNotify.fromEnvironment(
                        Map.of(SdNotify.NOTIFY_SOCKET, "/run/n", SdNotify.WATCHDOG_USEC, "-5"), PID))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenNobodyListening_send_doesNotThrow() {
        SdNotify.fromEnvironment(
                        Map.of(SdNotify.NOTIFY_SOCKET, dir.resolve("absent").toString()), PID)
                .ready("up");
    }

    @Test
    void givenAVeryLongStatus_oneLine_cutsIt() {
        assertThat(SdNotify.oneLine("x".repeat(500))).hasSize(SdNotify.MAX_STATUS_CHARS);
    }
}
