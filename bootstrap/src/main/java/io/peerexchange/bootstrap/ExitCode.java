package io.peerexchange.bootstrap;

/** The process exit codes: the contract with systemd and scripts. */
public final class ExitCode {
    /** Finished, or stopped by SIGINT/SIGTERM. */
    public static final int OK = 0;
    /** A runtime failure: no STUN server answered, the token was rejected, an unexpected error. */
    public static final int FAILURE = 1;
    /** Bad usage or configuration; the message names the flag or key. */
    public static final int USAGE = 2;

    private ExitCode() {}
}
