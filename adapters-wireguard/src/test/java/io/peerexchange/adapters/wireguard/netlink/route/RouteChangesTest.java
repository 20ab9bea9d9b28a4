package io.peerexchange.adapters.wireguard.netlink.route;

import static io.peerexchange.adapters.wireguard.netlink.genl.Nl.attr;
import static io.peerexchange.adapters.wireguard.netlink.genl.Nl.cat;
import static io.peerexchange.adapters.wireguard.netlink.genl.Nl.done;
import static io.peerexchange.adapters.wireguard.netlink.genl.Nl.message;
import static io.peerexchange.adapters.wireguard.netlink.genl.Nl.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.PeerUpdateException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class RouteChangesTest {

    /** struct ifinfomsg for {@code index}: AF_UNSPEC, ARPHRD_ETHER, IFF_UP. */
    static byte[] link(int type, int index) {
        return message(
                type,
                0,
                0,
                ByteBuffer.allocate(RouteChanges.IFINFOMSG_LEN)
                        .order(ByteOrder.nativeOrder())
                        .put((byte) 0)
                        .put((byte) 0)
                        .putShort((short) 1)
                        .putInt(index)
                        .putInt(1)
                        .putInt(0)
                        .array());
    }

    /** struct ifaddrmsg (AF_INET /24) for {@code index}, with IFA_ADDRESS. */
    static byte[] address(int type, int index) {
        byte[] header = ByteBuffer.allocate(RouteChanges.IFADDRMSG_LEN)
                .order(ByteOrder.nativeOrder())
                .put((byte) 2)
                .put((byte) 24)
                .put((byte) 0)
                .put((byte) 0)
                .putInt(index)
                .array();
        return message(type, 0, 0, cat(header, attr(1, new byte[] {10, 99, 0, 1})));
    }

    /** struct rtmsg (AF_INET6, main table) with RTA_DST and, when {@code oif > 0}, RTA_OIF. */
    static byte[] route(int type, int oif) {
        byte[] header = new byte[RouteChanges.RTMSG_LEN];
        header[0] = 10;
        header[1] = 64;
        header[4] = (byte) 254;
        byte[] dst = attr(1, new byte[16]);
        return message(type, 0, 0, oif > 0 ? cat(header, dst, attr(RouteChanges.RTA_OIF, u32(oif))) : cat(header, dst));
    }

    @Test
    void givenLinkAddressAndRouteMessages_interfaces_namesEachOnesIndex() throws Exception {
        byte[] datagram = cat(
                link(RouteChanges.RTM_NEWLINK, 3),
                address(RouteChanges.RTM_NEWADDR, 4),
                address(RouteChanges.RTM_DELADDR, 5),
                route(RouteChanges.RTM_NEWROUTE, 6),
                route(RouteChanges.RTM_DELROUTE, 7),
                link(RouteChanges.RTM_DELLINK, 8));

        assertThat(RouteChanges.interfaces(datagram, datagram.length)).containsExactly(3, 4, 5, 6, 7, 8);
    }

    @Test
    void givenRouteWithoutOutputInterface_interfaces_sayUnknown() throws Exception {
        byte[] datagram = route(RouteChanges.RTM_NEWROUTE, 0);

        assertThat(RouteChanges.interfaces(datagram, datagram.length)).containsExactly(0);
    }

    @Test
    void givenOtherMessages_interfaces_skipsThem() throws Exception {
        byte[] neighbour = message(28, 0, 0, new byte[12]);
        byte[] datagram = cat(neighbour, done(0), address(RouteChanges.RTM_NEWADDR, 2));

        assertThat(RouteChanges.interfaces(datagram, datagram.length)).containsExactly(2);
    }

    @Test
    void givenTruncatedHeaders_interfaces_rejectsThem() {
        byte[] shortLink = message(RouteChanges.RTM_NEWLINK, 0, 0, new byte[RouteChanges.IFINFOMSG_LEN - 4]);
        byte[] shortAddress = message(RouteChanges.RTM_NEWADDR, 0, 0, new byte[RouteChanges.IFADDRMSG_LEN - 4]);
        byte[] shortRoute = message(RouteChanges.RTM_NEWROUTE, 0, 0, new byte[RouteChanges.RTMSG_LEN - 4]);

        assertThatThrownBy(() -> RouteChanges.interfaces(shortLink, shortLink.length))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("ifinfomsg");
        assertThatThrownBy(() -> RouteChanges.interfaces(shortAddress, shortAddress.length))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("ifaddrmsg");
        assertThatThrownBy(() -> RouteChanges.interfaces(shortRoute, shortRoute.length))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("rtmsg");
    }

    @Test
    void givenOutputInterfaceOfWrongSize_orIndexOutOfRange_interfaces_rejectsIt() {
        byte[] header = new byte[RouteChanges.RTMSG_LEN];
        byte[] wideOif = message(RouteChanges.RTM_NEWROUTE, 0, 0, cat(header, attr(RouteChanges.RTA_OIF, new byte[8])));
        byte[] negative = link(RouteChanges.RTM_NEWLINK, -1);

        assertThatThrownBy(() -> RouteChanges.interfaces(wideOif, wideOif.length))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("route output interface");
        assertThatThrownBy(() -> RouteChanges.interfaces(negative, negative.length))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("out of range");
    }
}
