package io.peerexchange.adapters.controlplane.events;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * What the event stream's threads and its owner share: where the stream is in its life, whether a
 * stream is open and since when none is, whether the polling fallback runs, the counters, and the
 * request {@link #close()} must abort. One lock and one condition guard all of it; every change of
 * state wakes every waiter, which then looks again.
 */
final class StreamHealth {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private StreamState state = StreamState.NEW;
    private boolean up;
    /** When the stream was last seen down (or started). */
    private long downSinceNanos = System.nanoTime();
    /** Counts the changes waiters care about, so a change between a look and a wait is not missed. */
    private long version;

    private boolean polling;
    private long attempts;
    private long connections;
    private long polls;
    private Cancellable current;

    /** What the polling fallback looks at. */
    record Snapshot(StreamState state, boolean up, long downSinceNanos, long version) {}

    /** NEW → CONNECTING, once; false when already started or closed. */
    boolean start() {
        lock.lock();
        try {
            if (state != StreamState.NEW) {
                return false;
            }
            changeTo(StreamState.CONNECTING);
            downSinceNanos = System.nanoTime();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The stream begins again (a fresher token after 401): down from now, the fallback not yet polling. */
    void restart() {
        lock.lock();
        try {
            up = false;
            downSinceNanos = System.nanoTime();
            polling = false;
            changeTo(StreamState.CONNECTING);
        } finally {
            lock.unlock();
        }
    }

    /** An attempt is about to send {@code request}; false (and nothing recorded) when closed. */
    boolean beginAttempt(Cancellable request) {
        lock.lock();
        try {
            if (state == StreamState.CLOSED) {
                return false;
            }
            current = request;
            attempts++;
            changeTo(StreamState.CONNECTING);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The answer is a usable event stream.
     *
     * @return whether the stream had been connected before: events may have been missed meanwhile
     */
    boolean connected() {
        lock.lock();
        try {
            up = true;
            connections++;
            changeTo(StreamState.CONNECTED);
            return connections > 1;
        } finally {
            lock.unlock();
        }
    }

    /** The attempt's exchange is over; if it had been {@link #connected()}, the stream is down from now. */
    void endAttempt(boolean wasUp) {
        lock.lock();
        try {
            current = null;
            if (wasUp) {
                up = false;
                downSinceNanos = System.nanoTime();
                version++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Enters {@code next} unless closed: closing is final. */
    void enter(StreamState next) {
        lock.lock();
        try {
            changeTo(next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes for good and wakes everyone.
     *
     * @return the request of the attempt under way, for the caller to abort outside the lock; null when none
     */
    Cancellable close() {
        lock.lock();
        try {
            state = StreamState.CLOSED;
            version++;
            changed.signalAll();
            return current;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return state == StreamState.CLOSED;
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code delay} unless closed first; false when closed. */
    boolean sleep(Duration delay) {
        long remaining = delay.toNanos();
        lock.lock();
        try {
            while (state != StreamState.CLOSED && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return state != StreamState.CLOSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return state != StreamState.CLOSED;
        } finally {
            lock.unlock();
        }
    }

    Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(state, up, downSinceNanos, version);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until something changed since {@code seen} was taken, or {@code timeoutNanos} (≤ 0: no limit) passed. */
    void awaitChange(Snapshot seen, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            if (timeoutNanos <= 0) {
                while (version == seen.version()) {
                    changed.await();
                }
                return;
            }
            long remaining = timeoutNanos;
            while (version == seen.version() && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the first attempt has settled: a stream is open, the stream waits to try again, it
     * ended for good, or {@code timeout} passed. Returns at once when the stream was never started.
     *
     * @return whether a stream has been open
     */
    boolean awaitFirstAttempt(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (connections == 0 && state == StreamState.CONNECTING && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return connections > 0;
        } finally {
            lock.unlock();
        }
    }

    void polling(boolean active) {
        lock.lock();
        try {
            polling = active;
        } finally {
            lock.unlock();
        }
    }

    void polled() {
        lock.lock();
        try {
            polls++;
        } finally {
            lock.unlock();
        }
    }

    StreamState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    boolean isPolling() {
        lock.lock();
        try {
            return polling;
        } finally {
            lock.unlock();
        }
    }

    long attempts() {
        lock.lock();
        try {
            return attempts;
        } finally {
            lock.unlock();
        }
    }

    long connections() {
        lock.lock();
        try {
            return connections;
        } finally {
            lock.unlock();
        }
    }

    long polls() {
        lock.lock();
        try {
            return polls;
        } finally {
            lock.unlock();
        }
    }

    /** Guarded by {@link #lock}. */
    private void changeTo(StreamState next) {
        if (state != StreamState.CLOSED) {
            state = next;
        }
        version++;
        changed.signalAll();
    }
}
