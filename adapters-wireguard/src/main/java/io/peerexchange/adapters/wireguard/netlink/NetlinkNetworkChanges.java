package io.peerexchange.adapters.wireguard.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.peerexchange.adapters.wireguard.netlink.route.RouteChanges;
import io.peerexchange.ports.NetworkChange;
import io.peerexchange.ports.NetworkChanges;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Host network changes from rtnetlink: a NETLINK_ROUTE socket in the link, address and route groups
 * (IPv4 and IPv6), read on the daemon thread {@link #THREAD_NAME}, each message handed on as a
 * {@link NetworkChange} named by its interface. Lost notifications (ENOBUFS) count as one change of
 * unknown interface. {@link #close} joins the thread and closes the socket.
 */
public final class NetlinkNetworkChanges implements NetworkChanges {
    private static final ComponentLogger LOG = ComponentLogger.of(NetlinkNetworkChanges.class, Component.PATHS);
    public static final String THREAD_NAME = "px-netlink-changes";
    /** How long one wait lasts: the bound on how late {@link #close} notices it was asked. */
    static final Duration WAIT_SLICE = Duration.ofMillis(100);

    private static final Duration JOIN_BUDGET = Duration.ofSeconds(1);
    /** IF_NAMESIZE of net/if.h, the terminating NUL included. */
    private static final int IF_NAMESIZE = 16;

    interface IfNames extends Library {
        Pointer if_indextoname(int index, byte[] name) throws LastErrorException;
    }

    /** Loaded when the first change arrives, like {@link NetlinkSocket}'s libc. */
    private static final class Names {
        static final IfNames LIBC = Native.load("c", IfNames.class);
    }

    private NetlinkSocket socket;
    private Thread reader;
    private volatile boolean closed;

    @Override
    public synchronized void start(Consumer<NetworkChange> onChange) {
        if (reader != null || closed) {
            return;
        }
        try {
            socket = NetlinkSocket.open(WAIT_SLICE, NetlinkSocket.NETLINK_ROUTE, RouteChanges.GROUPS);
        } catch (PeerUpdateException e) {
            throw new IllegalStateException("cannot watch network changes: " + e.getMessage(), e);
        }
        NetlinkSocket watched = socket;
        reader = new Thread(() -> read(watched, onChange), THREAD_NAME);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(NetlinkSocket watched, Consumer<NetworkChange> onChange) {
        int[] length = new int[1];
        while (!closed) {
            List<Integer> indexes;
            try {
                if (!watched.receiveWithin(WAIT_SLICE, length)) {
                    continue;
                }
                indexes = RouteChanges.interfaces(watched.buffer(), length[0]);
            } catch (NetlinkSocket.NotificationsLost e) {
                indexes = List.of(0);
            } catch (PeerUpdateException e) {
                if (closed) {
                    return;
                }
                LOG.atWarn().addKeyValue("error", e.getMessage()).log("network change notification not read");
                continue;
            }
            for (int index : indexes) {
                try {
                    onChange.accept(new NetworkChange(index, name(index)));
                } catch (RuntimeException e) {
                    LOG.atWarn().addKeyValue("error", e.toString()).log("network change handler failed");
                }
            }
        }
    }

    /**
     * The interface's name by {@code if_indextoname}, which asks the kernel directly: Java's
     * NetworkInterface lists only interfaces holding an address, and an interface losing its last one
     * would go unnamed.
     */
    private static Optional<String> name(int index) {
        if (index == 0) {
            return Optional.empty();
        }
        byte[] name = new byte[IF_NAMESIZE];
        try {
            if (Names.LIBC.if_indextoname(index, name) == null) {
                return Optional.empty();
            }
        } catch (LastErrorException e) {
            return Optional.empty();
        }
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return Optional.of(new String(name, 0, end, StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        Thread running;
        NetlinkSocket open;
        synchronized (this) {
            closed = true;
            running = reader;
            open = socket;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(JOIN_BUDGET.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (open != null) {
            open.close();
        }
    }
}
