package io.peerexchange.adapters.stun;

import io.peerexchange.ports.StunClient;
import io.peerexchange.testing.env.Require;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The StunClient contract for the raw-socket client, from a port a plain socket holds the way
 * WireGuard does, against a real coturn on loopback. Needs root (CAP_NET_RAW).
 */
class RawSocketStunClientContractTest extends CoturnStunClientContract {
    private static DatagramSocket holder;

    @BeforeAll
    static void holdThePort() throws Exception {
        Require.root("raw sockets need CAP_NET_RAW");
        holder = new DatagramSocket(new InetSocketAddress(0));
    }

    @AfterAll
    static void releaseThePort() {
        if (holder != null) {
            holder.close();
        }
    }

    @Override
    protected StunClient client() {
        return new RawSocketStunClient(StunSettings.defaults());
    }

    @Override
    protected int localPort() {
        return holder.getLocalPort();
    }
}
