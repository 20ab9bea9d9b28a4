package io.peerexchange.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @Test
    void parse_readsIpv4AndFormatsItBack() {
        Endpoint endpoint = Endpoint.parse("1.2.3.4:5");

        assertThat(endpoint.address().getHostAddress()).isEqualTo("1.2.3.4");
        assertThat(endpoint.port()).isEqualTo(5);
        assertThat(endpoint).hasToString("1.2.3.4:5");
        assertThat(endpoint.isIpv6()).isFalse();
    }

    @Test
    void parse_readsBracketedIpv6AndFormatsItCompressed() {
        Endpoint endpoint = Endpoint.parse("[2001:0db8:0:0:0:0:0:1]:5");

        assertThat(endpoint).hasToString("[2001:db8::1]:5");
        assertThat(endpoint.isIpv6()).isTrue();
        assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[::1]:51820",
                "[2001:db8:1234:5678:11:2233:4455:6677]:32853",
                "[fe80::1:0:0:1]:1",
                "[2001:db8::]:65535",
                "[1:0:0:1::1]:9",
                "[1::1:0:0:1:1]:9"
            })
    void ipv6_roundTripsThroughText(String text) {
        assertThat(Endpoint.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "example.com:51820",
                "localhost:1",
                "1.2.3:4",
                "1.2.3.4.5:6",
                "256.1.1.1:1",
                "01.2.3.4:5",
                "1.2.3.4",
                "1.2.3.4:",
                "1.2.3.4:0",
                "1.2.3.4:65536",
                "1.2.3.4:70000",
                "1.2.3.4:-1",
                "1.2.3.4:+5",
                "2001:db8::1:5",
                "[2001:db8::1]",
                "[2001:db8::1]5",
                "[2001:db8::zz]:5",
                "[fe80::1%eth0]:5",
                "[::ffff:1.2.3.4]:5",
                "0.0.0.0:5",
                "[::]:5",
                "224.0.0.1:5",
                " 1.2.3.4:5",
                "1.2.3.4:5 ",
                "",
                "[example.com]:5",
                "1.2.3.4:5:6",
                "１.2.3.4:5"
            })
    void parse_rejectsAnythingButAnIpLiteralAndPort(String text) {
        assertThatThrownBy(() -> Endpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid endpoint");
    }

    @Test
    void format_compressesTheLongestZeroRunFirstOnTies() {
        assertThat(Endpoint.parse("[1:0:0:1:0:0:0:1]:9")).hasToString("[1:0:0:1::1]:9");
        assertThat(Endpoint.parse("[1:0:0:1:0:0:1:1]:9")).hasToString("[1::1:0:0:1:1]:9");
    }

    @Test
    void parse_explainsThatHostNamesAreNotAllowed() {
        assertThatThrownBy(() -> Endpoint.parse("vpn.example.com:51820"))
                .hasMessageContaining("host names are not allowed");
    }

    @Test
    void parse_explainsIpv4MappedAddresses() {
        assertThatThrownBy(() -> Endpoint.parse("[::ffff:192.0.2.1]:5")).hasMessageContaining("IPv4-mapped");
    }

    @Test
    void parse_doesNotQuoteHugeInputWhole() {
        String huge = "9".repeat(10_000_000);

        assertThatThrownBy(() -> Endpoint.parse(huge)).message().hasSizeLessThan(200);
    }

    @Test
    void parse_rejectsNull() {
        assertThatThrownBy(() -> Endpoint.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_dropsHostNamesCarriedByTheAddress() throws Exception {
        InetAddress named = InetAddress.getByAddress("some.name", new byte[] {10, 0, 0, 1});

        assertThat(new Endpoint(named, 7)).hasToString("10.0.0.1:7").isEqualTo(Endpoint.parse("10.0.0.1:7"));
    }

    @Test
    void constructor_rejectsPortZero() throws Exception {
        assertThatThrownBy(() -> new Endpoint(InetAddress.getByName("10.0.0.1"), 0))
                .hasMessageContaining("must be 1-65535");
    }
}
