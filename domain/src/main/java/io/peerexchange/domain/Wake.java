package io.peerexchange.domain;

import java.time.Duration;

/**
 * A request to end a loop's wait early, raised from any thread. Raising it again before the loop has
 * taken it changes nothing: requests coalesce.
 */
public final class Wake {
    private boolean raised;

    public synchronized void raise() {
        raised = true;
        notifyAll();
    }

    /** Whether it was raised since the last take; lowers it. */
    public synchronized boolean take() {
        boolean was = raised;
        raised = false;
        return was;
    }

    /** Waits up to {@code duration} for a raise; takes it. */
    synchronized boolean await(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!raised) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return take();
    }
}
