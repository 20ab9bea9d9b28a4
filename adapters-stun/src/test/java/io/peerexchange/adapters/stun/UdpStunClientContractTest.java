package io.peerexchange.adapters.stun;

import io.peerexchange.ports.StunClient;

/** The StunClient contract for the plain UDP client against a real coturn on loopback. */
class UdpStunClientContractTest extends CoturnStunClientContract {

    @Override
    protected StunClient client() {
        return new UdpStunClient(StunSettings.defaults());
    }
}
