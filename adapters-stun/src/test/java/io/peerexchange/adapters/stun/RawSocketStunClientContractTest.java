package io.peerexchange.adapters.stun;

import io.peerexchange.adapters.stun.testing.Coturn;
import io.peerexchange.adapters.stun.testing.Environment;
import io.peerexchange.adapters.stun.testing.FreePorts;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.contract.StunClientContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * The StunClient contract for the raw-socket client, from a port a plain socket holds the way
 * WireGuard does, against a real coturn on loopback. Needs root (CAP_NET_RAW).
 */
class RawSocketStunClientContractTest extends StunClientContract {
    private static Coturn coturn;
    private static DatagramSocket holder;
    private static final StunServer SILENT = new StunServer("127.0.0.1", FreePorts.udp());

    @BeforeAll
    static void start() throws Exception {
        Environment.requireRoot("raw sockets need CAP_NET_RAW");
        coturn = Coturn.onLoopback();
        holder = new DatagramSocket(new InetSocketAddress(0));
    }

    @AfterAll
    static void stop() throws Exception {
        if (holder != null) {
            holder.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    @Override
    protected StunClient client() {
        return new RawSocketStunClient(StunSettings.defaults());
    }

    @Override
    protected StunServer answeringServer() {
        return coturn.server("127.0.0.1");
    }

    @Override
    protected StunServer silentServer() {
        return SILENT;
    }

    @Override
    protected int localPort() {
        return holder.getLocalPort();
    }
}
