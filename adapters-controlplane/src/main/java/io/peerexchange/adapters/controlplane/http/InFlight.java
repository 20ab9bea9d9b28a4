package io.peerexchange.adapters.controlplane.http;

import java.util.concurrent.Future;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * The request a call's worker is running. Aborting is sticky: a request started after the abort
 * (the worker had not begun yet, or was about to try once more) is cancelled before it is sent,
 * so an interrupted or timed-out call never leaves a request running behind the caller's back.
 */
public final class InFlight {
    private HttpUriRequestBase request;
    private boolean aborted;

    public synchronized void start(HttpUriRequestBase next) {
        request = next;
        if (aborted) {
            next.cancel();
        }
    }

    public synchronized boolean aborted() {
        return aborted;
    }

    /** Cancels the running request (its connection is closed, never drained) and the worker's task. */
    public void abort(Future<?> result) {
        HttpUriRequestBase running;
        synchronized (this) {
            aborted = true;
            running = request;
        }
        if (running != null) {
            running.cancel();
        }
        result.cancel(true);
    }
}
