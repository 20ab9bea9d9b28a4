package io.peerexchange.adapters.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.AddressFamily;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Which of a server's addresses a binding goes to, with and without a family asked for. */
class ServerAddressesTest {
    private static final StunServer DUAL = StunServer.parse("stun.dual.test:3478");
    /** A resolver that gives the name an IPv6 address first, as a resolver preferring IPv6 does. */
    private static final NameResolver V6_FIRST =
            host -> new InetAddress[] {address("2001:db8:ff::1"), address("203.0.113.1")};

    private static final NameResolver V4_ONLY = host -> new InetAddress[] {address("203.0.113.1")};

    @Test
    void givenANameWithBothFamilies_resolve_prefersIpv4() throws Exception {
        assertThat(ServerAddresses.resolve(DUAL, V6_FIRST).getAddress()).isEqualTo(address("203.0.113.1"));
    }

    @Test
    void givenANameWithBothFamilies_resolveAFamily_givesThatFamilysAddress() throws Exception {
        assertThat(ServerAddresses.resolve(DUAL, AddressFamily.IPV6, V6_FIRST))
                .satisfies(a -> assertThat(a.getAddress()).isEqualTo(address("2001:db8:ff::1")))
                .satisfies(a -> assertThat(a.getPort()).isEqualTo(3478));
        assertThat(ServerAddresses.resolve(DUAL, AddressFamily.IPV4, V6_FIRST).getAddress())
                .isEqualTo(address("203.0.113.1"));
    }

    @Test
    void givenANameWithoutTheFamily_resolveAFamily_failsSayingSo() {
        assertThatThrownBy(() -> ServerAddresses.resolve(DUAL, AddressFamily.IPV6, V4_ONLY))
                .isInstanceOf(StunException.class)
                .hasMessage("STUN server stun.dual.test:3478 has no IPv6 address");
    }

    @Test
    void givenALiteralOfTheOtherFamily_resolveAFamily_failsWithoutAskingTheResolver() {
        NameResolver never = host -> {
            throw new AssertionError("a literal is not looked up for another family");
        };

        assertThatThrownBy(
                        () -> ServerAddresses.resolve(StunServer.parse("203.0.113.1:3478"), AddressFamily.IPV6, never))
                .isInstanceOf(StunException.class)
                .hasMessage("STUN server 203.0.113.1:3478 has no IPv6 address");
    }

    @Test
    void givenAnIpv6Literal_resolveIpv6_givesIt() throws Exception {
        assertThat(ServerAddresses.resolve(
                                StunServer.parse("[2001:db8:ff::2]:3478"), AddressFamily.IPV6, NameResolver.SYSTEM)
                        .getAddress())
                .isEqualTo(address("2001:db8:ff::2"));
    }

    @Test
    void givenAnUnknownName_resolveAFamily_failsAsResolveDoes() {
        NameResolver unknown = host -> {
            throw new UnknownHostException(host);
        };

        assertThatThrownBy(() -> ServerAddresses.resolve(DUAL, AddressFamily.IPV6, unknown))
                .isInstanceOf(StunException.class)
                .hasMessage("cannot resolve STUN server stun.dual.test:3478: unknown host");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
