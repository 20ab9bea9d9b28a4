package io.peerexchange.ports;

/** How the transport answers an incoming check. */
public enum CheckReply {
    /** A Binding success with the check's source as XOR-MAPPED-ADDRESS. */
    SUCCESS,
    /** A 487 Role Conflict error: the peer must switch roles. */
    ROLE_CONFLICT,
    /** No answer at all: the check names no peer we know. */
    DROP
}
