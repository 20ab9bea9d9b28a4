package io.peerexchange.ports.testing;

import io.peerexchange.ports.CheckAnswer;
import io.peerexchange.ports.CheckListener;
import io.peerexchange.ports.CheckReply;
import io.peerexchange.ports.CheckRequest;
import io.peerexchange.ports.CheckTransport;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.IncomingCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A check transport that records what is sent and lets the test play the network's part. */
public final class FakeCheckTransport implements CheckTransport {
    private final List<CheckRequest> sent = new ArrayList<>();
    private CheckListener listener;
    private IceCredentials local;
    private boolean closed;

    @Override
    public synchronized void start(IceCredentials credentials, CheckListener checkListener) {
        this.local = credentials;
        this.listener = checkListener;
    }

    @Override
    public synchronized void send(CheckRequest request) {
        sent.add(request);
    }

    public synchronized List<CheckRequest> sent() {
        return List.copyOf(sent);
    }

    public synchronized Optional<IceCredentials> local() {
        return Optional.ofNullable(local);
    }

    /** Answers a sent check with success, the peer having seen it come from {@code mapped}. */
    public void succeed(CheckRequest request, Endpoint mapped) {
        listener().onAnswer(new CheckAnswer(request.checkId(), request.target(), Optional.of(mapped), false));
    }

    public CheckReply deliver(IncomingCheck check) {
        return listener().onCheck(check);
    }

    private synchronized CheckListener listener() {
        if (listener == null) {
            throw new IllegalStateException("the transport was not started");
        }
        return listener;
    }

    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
