package io.peerexchange.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A sleeper the test drives: each sleep blocks until {@link #wake()}; tests wait for the loop to reach a sleep. */
final class ManualSleeper implements Sleeper {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Duration> requested = new ArrayList<>();
    private int wakeTokens;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            requested.add(duration);
            changed.signalAll();
            while (wakeTokens == 0) {
                changed.await();
            }
            wakeTokens--;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the current (or next) sleep. */
    void wake() {
        lock.lock();
        try {
            wakeTokens++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the loop has entered its {@code n}th sleep, i.e. finished {@code n} cycles. */
    void awaitSleeps(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        lock.lock();
        try {
            while (requested.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "the loop did not reach sleep #" + n + " (reached " + requested.size() + ")");
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the loop and waits until it has completed the next cycle. */
    void nextCycle() throws InterruptedException {
        int reached;
        lock.lock();
        try {
            reached = requested.size();
        } finally {
            lock.unlock();
        }
        wake();
        awaitSleeps(reached + 1);
    }

    List<Duration> requested() {
        lock.lock();
        try {
            return List.copyOf(requested);
        } finally {
            lock.unlock();
        }
    }
}
