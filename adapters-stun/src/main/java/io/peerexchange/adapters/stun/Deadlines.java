package io.peerexchange.adapters.stun;

/** Argument checks shared by the clients. */
final class Deadlines {
    private Deadlines() {}

    static void checkLocalPort(int localPort) {
        if (localPort < 0 || localPort > 65535) {
            throw new IllegalArgumentException("invalid local UDP port " + localPort + ": must be 0-65535");
        }
    }

    static void checkInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("STUN binding interrupted");
        }
    }
}
