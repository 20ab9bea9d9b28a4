package io.peerexchange.domain;

import java.time.Duration;

/** Waits between loop cycles; tests replace it so that no test waits for a real interval. */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code duration}; an interrupt ends the wait with {@link InterruptedException}. */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits {@code duration} or until {@code wake} is raised, and returns whether it was (taking it).
     * This default, for sleepers tests drive, looks at {@code wake} before and after its sleep only.
     */
    default boolean sleep(Duration duration, Wake wake) throws InterruptedException {
        if (wake.take()) {
            return true;
        }
        sleep(duration);
        return wake.take();
    }

    /** The real one. */
    Sleeper SYSTEM = new Sleeper() {
        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(Math.max(1, duration.toMillis()));
        }

        @Override
        public boolean sleep(Duration duration, Wake wake) throws InterruptedException {
            return wake.await(duration);
        }
    };
}
