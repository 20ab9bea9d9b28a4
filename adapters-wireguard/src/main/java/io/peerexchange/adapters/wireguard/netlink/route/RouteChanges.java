package io.peerexchange.adapters.wireguard.netlink.route;

import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.malformed;

import io.peerexchange.adapters.wireguard.netlink.genl.Attribute;
import io.peerexchange.adapters.wireguard.netlink.genl.NetlinkMessage;
import io.peerexchange.ports.PeerUpdateException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Which interfaces a datagram of rtnetlink notifications (linux/rtnetlink.h) concerns: one ifindex
 * per link, address or route message, 0 for a route without RTA_OIF (multipath). Other messages
 * (NLMSG_DONE, neighbours the groups do not carry) are skipped.
 */
public final class RouteChanges {
    /** The groups the watcher joins (RTMGRP_* of linux/rtnetlink.h). */
    public static final int RTMGRP_LINK = 0x1;

    public static final int RTMGRP_IPV4_IFADDR = 0x10;
    public static final int RTMGRP_IPV4_ROUTE = 0x40;
    public static final int RTMGRP_IPV6_IFADDR = 0x100;
    public static final int RTMGRP_IPV6_ROUTE = 0x400;
    public static final int GROUPS =
            RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;

    /** struct ifinfomsg: family, pad, type, index, flags, change. */
    static final int IFINFOMSG_LEN = 16;
    /** struct ifaddrmsg: family, prefixlen, flags, scope, index. */
    static final int IFADDRMSG_LEN = 8;
    /** struct rtmsg: eight bytes of family to type, then flags. */
    static final int RTMSG_LEN = 12;

    static final int RTA_OIF = 4;

    private RouteChanges() {}

    /** The ifindex of each link, address or route message in {@code datagram[0, length)}, in order. */
    public static List<Integer> interfaces(byte[] datagram, int length) throws PeerUpdateException {
        List<Integer> out = new ArrayList<>();
        for (NetlinkMessage message : NetlinkMessage.split(datagram, length)) {
            ByteBuffer p = message.payload();
            switch (message.type()) {
                case RTM_NEWLINK, RTM_DELLINK -> out.add(index(p, IFINFOMSG_LEN, "ifinfomsg"));
                case RTM_NEWADDR, RTM_DELADDR -> out.add(index(p, IFADDRMSG_LEN, "ifaddrmsg"));
                case RTM_NEWROUTE, RTM_DELROUTE -> out.add(outputInterface(p));
                default -> {
                    // Not a change of links, addresses or routes.
                }
            }
        }
        return out;
    }

    /** ifinfomsg and ifaddrmsg both hold the index at offset 4. */
    private static int index(ByteBuffer p, int headerLength, String what) throws PeerUpdateException {
        if (p.remaining() < headerLength) {
            throw malformed(what + " of " + p.remaining() + " bytes, " + headerLength + " needed");
        }
        return checked(p.getInt(4));
    }

    private static int outputInterface(ByteBuffer p) throws PeerUpdateException {
        if (p.remaining() < RTMSG_LEN) {
            throw malformed("rtmsg of " + p.remaining() + " bytes, " + RTMSG_LEN + " needed");
        }
        p.position(RTMSG_LEN);
        int oif = 0;
        while (p.hasRemaining()) {
            Attribute a = Attribute.next(p);
            if (a.type() == RTA_OIF && !a.nested()) {
                oif = checked(a.u32("route output interface"));
            }
        }
        return oif;
    }

    private static int checked(int index) throws PeerUpdateException {
        if (index < 0) {
            throw malformed("interface index " + Integer.toUnsignedString(index) + " out of range");
        }
        return index;
    }
}
