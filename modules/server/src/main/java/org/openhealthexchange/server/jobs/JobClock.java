package org.openhealthexchange.server.jobs;

import java.time.Instant;

/**
 * The time the job engine compares retention with ({@link JobViews}): the system clock unless a bean of this type
 * exists (tests move one to see a finished job disappear without waiting).
 */
public interface JobClock {

    Instant now();
}
