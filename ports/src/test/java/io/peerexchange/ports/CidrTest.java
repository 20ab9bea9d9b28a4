package io.peerexchange.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void parse_clearsHostBits_andContainsOnlyItsFamily() throws Exception {
        Cidr v4 = Cidr.parse("10.1.2.3/8");
        Cidr v6 = Cidr.parse("fd12:3456::1/16");

        assertThat(v4).hasToString("10.0.0.0/8");
        assertThat(v4.contains(InetAddress.getByName("10.200.0.1"))).isTrue();
        assertThat(v4.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(v4.contains(InetAddress.getByName("2001:db8::1"))).isFalse();
        assertThat(v6.contains(InetAddress.getByName("fd12:ffff::1"))).isTrue();
        assertThat(v6.contains(InetAddress.getByName("fd13::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("198.51.100.1")))
                .isTrue();
        assertThat(Cidr.parse("192.0.2.7/32").contains(InetAddress.getByName("192.0.2.7")))
                .isTrue();
    }

    @Test
    void parse_refusesWhatIsNoPrefix() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0")).hasMessageContaining("expected address/length");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length 33");
        assertThatThrownBy(() -> Cidr.parse("host.example/8")).hasMessageContaining("invalid CIDR");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("not a number");
    }
}
