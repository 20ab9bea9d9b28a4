package io.peerexchange.domain;

import java.time.Duration;

/** Waits between loop cycles; tests replace it so that no test waits for a real interval. */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code duration}; an interrupt ends the wait with {@link InterruptedException}. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real one. */
    Sleeper SYSTEM = duration -> Thread.sleep(Math.max(1, duration.toMillis()));
}
