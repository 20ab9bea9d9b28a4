package io.peerexchange.ports;

/** The gateway could not be found, did not answer, or refused or garbled a mapping request. */
public class PortMappingException extends Exception {
    private static final long serialVersionUID = 1L;

    public PortMappingException(String message) {
        super(message);
    }

    public PortMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
