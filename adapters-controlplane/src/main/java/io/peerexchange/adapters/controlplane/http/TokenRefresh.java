package io.peerexchange.adapters.controlplane.http;

/**
 * How the adapter gets a newer token when the control plane refuses the current one (HTTP 401):
 * the composition root supplies it, e.g. re-reading a rotated token file into the
 * {@link BearerToken}. Runs on the event-stream thread.
 */
@FunctionalInterface
public interface TokenRefresh {
    /** There is never a newer token (one from the environment): a 401 is final. */
    TokenRefresh NONE = () -> false;

    /**
     * Installs a newer token into the {@link BearerToken} if there is one.
     *
     * @return whether a different token is now in force; false makes the refusal final
     */
    boolean refresh();
}
