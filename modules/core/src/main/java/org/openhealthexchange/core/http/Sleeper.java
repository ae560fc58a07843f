package org.openhealthexchange.core.http;

import java.time.Duration;

/** Waits between two attempts of a vendor call; injectable so that tests never really wait. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread. */
    Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
