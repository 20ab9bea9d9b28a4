package io.peerexchange.adapters.stun;

import io.peerexchange.ports.StunClient;

/** The StunClient contract for the adapter the agent uses, against a real coturn on loopback. */
class AutoStunClientContractTest extends CoturnStunClientContract {

    @Override
    protected StunClient client() {
        return new AutoStunClient(StunSettings.defaults());
    }
}
