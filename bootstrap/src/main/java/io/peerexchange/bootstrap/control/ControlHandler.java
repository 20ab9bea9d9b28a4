package io.peerexchange.bootstrap.control;

import java.util.Map;

/** Answers the control socket's requests; it may read the agent's state but never change it. */
@FunctionalInterface
public interface ControlHandler {

    /**
     * @return the members of the answer besides {@code ok}
     * @throws ControlException for an unknown request or bad arguments: the client gets the message
     */
    Map<String, Object> answer(ControlRequest request) throws ControlException;
}
