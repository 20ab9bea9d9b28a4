package io.peerexchange.adapters.stun;

import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.contract.StunClientContract;
import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.net.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The StunClient contract against a real coturn on loopback; subclasses pick the client. */
abstract class CoturnStunClientContract extends StunClientContract {
    private static Coturn coturn;
    private static final StunServer SILENT = new StunServer("127.0.0.1", FreePorts.udp());

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = Coturn.listeningOn("127.0.0.1", "::1").start();
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
            coturn = null;
        }
    }

    @Override
    protected StunServer answeringServer() {
        return coturn.server("127.0.0.1");
    }

    @Override
    protected StunServer silentServer() {
        return SILENT;
    }
}
