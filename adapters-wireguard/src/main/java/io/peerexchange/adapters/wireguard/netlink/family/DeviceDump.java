package io.peerexchange.adapters.wireguard.netlink.family;

import static io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.WGALLOWEDIP_A_CIDR_MASK;
import static io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.WGALLOWEDIP_A_FAMILY;
import static io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.WGALLOWEDIP_A_IPADDR;
import static io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.WGDEVICE_A_FWMARK;
import static io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.WGDEVICE_A_PEERS;
import static io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.WGPEER_A_ALLOWEDIPS;
import static io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.WGPEER_A_ENDPOINT;
import static io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.WGPEER_A_LAST_HANDSHAKE_TIME;
import static io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.WGPEER_A_PUBLIC_KEY;
import static io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.WGPEER_A_RX_BYTES;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.malformed;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.PeerState;
import io.peerexchange.adapters.wireguard.netlink.genl.Attribute;
import io.peerexchange.adapters.wireguard.netlink.genl.MultipartDump;
import io.peerexchange.adapters.wireguard.netlink.genl.NetlinkError;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.WireGuardKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the parts of one WG_CMD_GET_DEVICE dump: a peer may be split across messages (its allowed
 * IPs continue in the next message under the same public key) and the peer list across datagrams.
 */
public final class DeviceDump {
    private final MultipartDump dump;
    private final Map<WireGuardKey, PeerParts> peers = new LinkedHashMap<>();
    private int fwmark;

    public DeviceDump(int familyId, int seq, String ifname) {
        this.dump = new MultipartDump(
                familyId,
                seq,
                "a WireGuard dump",
                errno -> NetlinkErrors.explain(errno, NetlinkErrors.Stage.READ, ifname),
                this::device);
    }

    /**
     * Adds one received datagram.
     *
     * @return true once the dump is complete (NLMSG_DONE seen)
     * @throws NetlinkError when the kernel answered with an error
     */
    public boolean accept(byte[] datagram, int length) throws PeerUpdateException {
        return dump.accept(datagram, length);
    }

    /** Whether the device changed during the dump (NLM_F_DUMP_INTR): the parts may not fit together. */
    public boolean interrupted() {
        return dump.interrupted();
    }

    public DeviceState result() throws PeerUpdateException {
        if (!dump.done()) {
            throw malformed("the dump is not complete");
        }
        List<PeerState> out = new ArrayList<>(peers.size());
        for (Map.Entry<WireGuardKey, PeerParts> e : peers.entrySet()) {
            PeerParts p = e.getValue();
            out.add(new PeerState(e.getKey(), p.endpoint, p.rxBytes, p.lastHandshake, p.allowedIps));
        }
        return new DeviceState(out, fwmark);
    }

    private void device(ByteBuffer attrs) throws PeerUpdateException {
        while (attrs.hasRemaining()) {
            Attribute a = Attribute.next(attrs);
            if (a.type() == WGDEVICE_A_FWMARK) {
                fwmark = a.u32("fwmark");
                continue;
            }
            if (a.type() != WGDEVICE_A_PEERS) {
                continue; // ifindex, name, keys, port: not needed, the private key not even read
            }
            ByteBuffer list = a.value();
            while (list.hasRemaining()) {
                peer(Attribute.next(list).value());
            }
        }
    }

    private void peer(ByteBuffer attrs) throws PeerUpdateException {
        List<Attribute> all = new ArrayList<>();
        WireGuardKey key = null;
        while (attrs.hasRemaining()) {
            Attribute a = Attribute.next(attrs);
            if (a.type() == WGPEER_A_PUBLIC_KEY) {
                key = WireGuardKey.of(a.exactly(32, "peer public key"));
            } else {
                all.add(a);
            }
        }
        if (key == null) {
            throw malformed("peer without a public key");
        }
        PeerParts parts = peers.computeIfAbsent(key, k -> new PeerParts());
        for (Attribute a : all) {
            switch (a.type()) {
                case WGPEER_A_ENDPOINT:
                    parts.endpoint = Sockaddr.endpoint(a.value());
                    break;
                case WGPEER_A_RX_BYTES:
                    parts.rxBytes = Math.max(0, a.u64("rx bytes"));
                    break;
                case WGPEER_A_LAST_HANDSHAKE_TIME:
                    if (a.value().remaining() < 8) {
                        throw malformed("last handshake time shorter than 8 bytes");
                    }
                    parts.lastHandshake = Math.max(0, a.value().getLong(0));
                    break;
                case WGPEER_A_ALLOWEDIPS:
                    ByteBuffer list = a.value();
                    while (list.hasRemaining()) {
                        parts.allowedIps.add(allowedIp(Attribute.next(list).value()));
                    }
                    break;
                default:
                    break; // preshared key (secret: not read), flags, keepalive, tx, version
            }
        }
    }

    private static String allowedIp(ByteBuffer attrs) throws PeerUpdateException {
        int family = -1;
        byte[] address = null;
        int cidr = -1;
        while (attrs.hasRemaining()) {
            Attribute a = Attribute.next(attrs);
            if (a.type() == WGALLOWEDIP_A_FAMILY && a.value().remaining() >= 2) {
                family = a.value().getShort(0) & 0xffff;
            } else if (a.type() == WGALLOWEDIP_A_IPADDR) {
                address = new byte[a.value().remaining()];
                a.value().get(0, address);
            } else if (a.type() == WGALLOWEDIP_A_CIDR_MASK && a.value().remaining() >= 1) {
                cidr = a.value().get(0) & 0xff;
            }
        }
        if (address == null
                || cidr < 0
                || (address.length != 4 && address.length != 16)
                || (family == Sockaddr.AF_INET) != (address.length == 4)) {
            throw malformed("allowed IP without a consistent family, address and mask");
        }
        try {
            return InetAddress.getByAddress(address).getHostAddress() + "/" + cidr;
        } catch (UnknownHostException e) {
            throw malformed("allowed IP address of " + address.length + " bytes");
        }
    }

    private static final class PeerParts {
        private String endpoint;
        private long rxBytes;
        private long lastHandshake;
        private final List<String> allowedIps = new ArrayList<>();
    }
}
