package io.peerexchange.ports.testing;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerLister;
import java.util.List;

/** Answers with a settable peer list or failure; counts calls. */
public final class FakePeerLister implements PeerLister {
    private List<Peer> peers = List.of();
    private ControlPlaneException failure;
    private int calls;

    public synchronized FakePeerLister peers(Peer... peers) {
        this.peers = List.of(peers);
        this.failure = null;
        return this;
    }

    public synchronized FakePeerLister failWith(ControlPlaneException failure) {
        this.failure = failure;
        return this;
    }

    public synchronized int calls() {
        return calls;
    }

    @Override
    public synchronized List<Peer> listPeers(NodeId nodeId) throws ControlPlaneException {
        calls++;
        if (failure != null) {
            throw failure;
        }
        return peers;
    }
}
