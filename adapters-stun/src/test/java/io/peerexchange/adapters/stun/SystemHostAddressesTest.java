package io.peerexchange.adapters.stun;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class SystemHostAddressesTest {

    @Test
    void givenThisHost_addresses_includeLoopbackWithoutScopes() throws Exception {
        var addresses = new SystemHostAddresses().addresses();

        assertThat(addresses).contains(InetAddress.getByName("127.0.0.1"));
        assertThat(addresses).allSatisfy(a -> assertThat(a.getHostAddress()).doesNotContain("%"));
    }
}
