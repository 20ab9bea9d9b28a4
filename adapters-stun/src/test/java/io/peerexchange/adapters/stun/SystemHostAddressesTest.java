package io.peerexchange.adapters.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SystemHostAddressesTest {

    @Test
    void givenThisHost_addresses_includeLoopbackWithoutScopes() throws Exception {
        var addresses = new SystemHostAddresses().addresses();

        assertThat(addresses).contains(InetAddress.getByName("127.0.0.1"));
        assertThat(addresses).allSatisfy(a -> assertThat(a.getHostAddress()).doesNotContain("%"));
    }
}
