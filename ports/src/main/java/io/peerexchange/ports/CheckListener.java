package io.peerexchange.ports;

/** Receives what a {@link CheckTransport} hears; called on the transport's receiving thread. */
public interface CheckListener {
    void onAnswer(CheckAnswer answer);

    /** Decides the answer to an authenticated incoming check; must not block. */
    CheckReply onCheck(IncomingCheck check);
}
