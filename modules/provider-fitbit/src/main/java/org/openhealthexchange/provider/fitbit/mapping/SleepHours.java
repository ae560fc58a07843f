package org.openhealthexchange.provider.fitbit.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Sleep duration in hours from the minutes asleep, to the hundredth, the same way for both API generations: the
 * same night must give the same number whichever generation a link uses.
 */
public final class SleepHours {

    private static final BigDecimal MINUTES_PER_HOUR = BigDecimal.valueOf(60);

    private SleepHours() {}

    public static BigDecimal ofMinutes(BigDecimal minutesAsleep) {
        return minutesAsleep.divide(MINUTES_PER_HOUR, 2, RoundingMode.HALF_UP);
    }
}
