package io.peerexchange.adapters.portmap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    @Test
    void givenTwoDefaultRoutes_ipv4_takesTheLowestMetric() throws Exception {
        String text = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
                + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
                + "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
                + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";

        DefaultRoute route = RouteTable.ipv4(text).orElseThrow();

        assertThat(route.interfaceName()).isEqualTo("eth0");
        assertThat(route.gateway()).isEqualTo(InetAddress.getByName("192.0.2.1"));
    }

    @Test
    void givenNoDefaultRoute_ipv4_isEmpty() throws Exception {
        String text = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
                + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\n";

        assertThat(RouteTable.ipv4(text)).isEmpty();
    }

    @Test
    void givenAnIpv6DefaultRoute_ipv6_returnsItsNextHop() throws Exception {
        String text = "fd000000000000000000000000000000 40 00000000000000000000000000000000 00 "
                + "00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
                + "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
                + "fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n";

        assertThat(RouteTable.ipv6(text).orElseThrow().gateway()).isEqualTo(InetAddress.getByName("fd00::1"));
    }

    @Test
    void givenGarbage_ipv4_saysWhichLine() {
        String text = "header\neth0\t00000000\tZZZZ\t0003\t0\t0\t0\t00000000\n";

        assertThatThrownBy(() -> RouteTable.ipv4(text)).hasMessageContaining("line 2");
    }
}
