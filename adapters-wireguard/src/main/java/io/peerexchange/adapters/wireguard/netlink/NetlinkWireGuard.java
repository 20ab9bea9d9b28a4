package io.peerexchange.adapters.wireguard.netlink;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.Errno;
import io.peerexchange.adapters.wireguard.device.WireGuardDevice;
import io.peerexchange.adapters.wireguard.netlink.family.DeviceDump;
import io.peerexchange.adapters.wireguard.netlink.family.NetlinkErrors;
import io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily;
import io.peerexchange.adapters.wireguard.netlink.genl.Acks;
import io.peerexchange.adapters.wireguard.netlink.genl.NetlinkError;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Linux kernel's WireGuard over generic netlink: one socket per operation, the family id looked up
 * each time (a reloaded module gets a new one), dumps merged and retried when interrupted, sets split
 * into messages of a few KiB with one ack each. The kernel ignores an endpoint it cannot use without an
 * error, so every write is read back ({@link #verifyAfterWrite()}).
 */
public final class NetlinkWireGuard implements WireGuardDevice {
    /** The backend's name in configuration, logs and messages. */
    public static final String NAME = "netlink";

    private static final int DUMP_ATTEMPTS = 5;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final String ifname;
    private final Duration timeout;
    private final int maxMessageBytes;
    private int seq = (int) (System.nanoTime() & 0x3fffffff);

    public NetlinkWireGuard(String ifname) {
        this(ifname, DEFAULT_TIMEOUT, WireGuardFamily.DEFAULT_MAX_MESSAGE_BYTES);
    }

    public NetlinkWireGuard(String ifname, Duration timeout, int maxMessageBytes) {
        this.ifname = Objects.requireNonNull(ifname, "ifname");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized DeviceState read() throws PeerUpdateException {
        try (NetlinkSocket socket = NetlinkSocket.open(timeout)) {
            return dump(socket, family(socket));
        }
    }

    @Override
    public synchronized Optional<String> writeEndpoints(List<EndpointUpdate> writes) throws PeerUpdateException {
        if (writes.isEmpty()) {
            return Optional.empty();
        }
        try (NetlinkSocket socket = NetlinkSocket.open(timeout)) {
            int family = family(socket);
            int first = nextSeq();
            List<byte[]> messages = WireGuardFamily.setEndpointRequests(family, first, ifname, writes, maxMessageBytes);
            seq += messages.size();
            String firstError = null;
            int failedMessages = 0;
            for (int i = 0; i < messages.size(); i++) {
                socket.send(messages.get(i));
                int errno = awaitAck(socket, first + i);
                if (errno != 0) {
                    if (errno == Errno.EPERM || errno == Errno.ENODEV || errno == Errno.EOPNOTSUPP) {
                        // No permission, no interface, not WireGuard: the other messages fail the same way.
                        throw new NetlinkError(errno, NetlinkErrors.explain(errno, NetlinkErrors.Stage.WRITE, ifname));
                    }
                    failedMessages++;
                    if (firstError == null) {
                        firstError = NetlinkErrors.explain(errno, NetlinkErrors.Stage.WRITE, ifname);
                    }
                }
            }
            return firstError == null
                    ? Optional.empty()
                    : Optional.of(firstError + " (" + failedMessages + " of " + messages.size() + " messages)");
        }
    }

    @Override
    public boolean verifyAfterWrite() {
        return true;
    }

    private int family(NetlinkSocket socket) throws PeerUpdateException {
        int s = nextSeq();
        socket.send(WireGuardFamily.familyRequest(s));
        int[] length = new int[1];
        byte[] datagram = socket.receive(length);
        return WireGuardFamily.parseFamilyReply(datagram, length[0], s);
    }

    private DeviceState dump(NetlinkSocket socket, int family) throws PeerUpdateException {
        int[] length = new int[1];
        for (int attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
            int s = nextSeq();
            socket.send(WireGuardFamily.getDeviceRequest(family, s, ifname));
            DeviceDump dump = new DeviceDump(family, s, ifname);
            boolean done = false;
            while (!done) {
                byte[] datagram = socket.receive(length);
                done = dump.accept(datagram, length[0]);
            }
            if (!dump.interrupted()) {
                return dump.result();
            }
        }
        throw new PeerUpdateException("the WireGuard device " + ifname + " kept changing during " + DUMP_ATTEMPTS
                + " dumps (NLM_F_DUMP_INTR)");
    }

    private int awaitAck(NetlinkSocket socket, int s) throws PeerUpdateException {
        int[] length = new int[1];
        while (true) {
            byte[] datagram = socket.receive(length);
            int errno = Acks.parse(datagram, length[0], s);
            if (errno >= 0) {
                return errno;
            }
        }
    }

    private int nextSeq() {
        seq = (seq + 1) & 0x3fffffff;
        return seq;
    }
}
