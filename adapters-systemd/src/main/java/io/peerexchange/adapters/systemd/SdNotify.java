package io.peerexchange.adapters.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import io.peerexchange.ports.ServiceManager;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * systemd's notification protocol (sd_notify(3)): {@code READY=1}, {@code STATUS=…}, {@code
 * WATCHDOG=1} and {@code STOPPING=1} datagrams to {@code $NOTIFY_SOCKET}. The JDK has no Unix
 * datagram sockets, so the datagram goes through libc. A send that fails is logged once and then
 * only at debug: the agent keeps running either way.
 */
public final class SdNotify implements ServiceManager {
    private static final ComponentLogger LOG = ComponentLogger.of(SdNotify.class, Component.AGENT);
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    public static final String WATCHDOG_USEC = "WATCHDOG_USEC";
    public static final String WATCHDOG_PID = "WATCHDOG_PID";
    /** A STATUS= line longer than this is cut: it is one line for {@code systemctl status}. */
    public static final int MAX_STATUS_CHARS = 200;

    private final NotifySocketAddress address;
    private final Duration watchdogTimeout;
    private final AtomicBoolean warned = new AtomicBoolean();

    SdNotify(NotifySocketAddress address, Duration watchdogTimeout) {
        this.address = address;
        this.watchdogTimeout = watchdogTimeout;
    }

    /**
     * From the environment systemd gives the service: {@link ServiceManager#NONE} without {@code
     * NOTIFY_SOCKET} (not started by systemd, or not {@code Type=notify}).
     *
     * @param pid this process's id, to tell whether {@code WATCHDOG_PID} means us
     * @throws IllegalArgumentException when {@code NOTIFY_SOCKET} or {@code WATCHDOG_USEC} is unusable
     */
    public static ServiceManager fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get(NOTIFY_SOCKET);
        if (socket == null || socket.isEmpty()) {
            return ServiceManager.NONE;
        }
        Duration watchdog = Duration.ZERO;
        String usec = env.get(WATCHDOG_USEC);
        String watchdogPid = env.get(WATCHDOG_PID);
        boolean forUs = watchdogPid == null || watchdogPid.isEmpty() || watchdogPid.equals(Long.toString(pid));
        if (usec != null && !usec.isEmpty() && forUs) {
            try {
                long micros = Long.parseLong(usec);
                if (micros <= 0) {
                    throw new NumberFormatException();
                }
                watchdog = Duration.ofNanos(Math.multiplyExact(micros, 1000L));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(WATCHDOG_USEC + " is not a positive number of microseconds");
            }
        }
        return new SdNotify(new NotifySocketAddress(socket), watchdog);
    }

    @Override
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    @Override
    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    @Override
    public void alive() {
        send("WATCHDOG=1");
    }

    @Override
    public void stopping() {
        send("STOPPING=1");
    }

    @Override
    public boolean watchdogEnabled() {
        return !watchdogTimeout.isZero();
    }

    @Override
    public Duration watchdogInterval() {
        return watchdogTimeout.dividedBy(2);
    }

    static String oneLine(String status) {
        String line = status.replaceAll("[\\r\\n]+", " ");
        return line.length() > MAX_STATUS_CHARS ? line.substring(0, MAX_STATUS_CHARS - 1) + "…" : line;
    }

    /** One datagram; sd_notify(3) opens a socket per message, so no descriptor is held between them. */
    void send(String message) {
        Optional<String> error = sendOnce(message.getBytes(StandardCharsets.UTF_8));
        if (error.isEmpty()) {
            return;
        }
        if (warned.compareAndSet(false, true)) {
            LOG.atWarn()
                    .addKeyValue("socket", address.value())
                    .addKeyValue("error", error.get())
                    .log("systemd notification not sent");
        } else {
            LOG.atDebug().addKeyValue("error", error.get()).log("systemd notification not sent");
        }
    }

    private Optional<String> sendOnce(byte[] message) {
        LibC libc;
        try {
            libc = Libc.get();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | IllegalStateException e) {
            return Optional.of("libc not loadable: " + e.getMessage());
        }
        int fd;
        try {
            fd = libc.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            return Optional.of("socket: errno " + e.getErrorCode());
        }
        try {
            byte[] sockaddr = address.sockaddr();
            libc.sendto(fd, message, new NativeLong(message.length), LibC.MSG_NOSIGNAL, sockaddr, sockaddr.length);
            return Optional.empty();
        } catch (LastErrorException e) {
            return Optional.of("sendto: errno " + e.getErrorCode());
        } finally {
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                // The datagram is sent or not; a failed close of a fresh socket changes nothing.
            }
        }
    }

    /** libc, loaded on first use: an agent not under systemd never touches native code here. */
    private static final class Libc {
        private static volatile LibC libc;

        static LibC get() {
            if (!Platform.isLinux()) {
                throw new IllegalStateException("sd_notify is Linux-only");
            }
            LibC loaded = libc;
            if (loaded == null) {
                loaded = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
                libc = loaded;
            }
            return loaded;
        }
    }
}
