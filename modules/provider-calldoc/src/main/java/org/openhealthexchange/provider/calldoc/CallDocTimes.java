package org.openhealthexchange.provider.calldoc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import org.openhealthexchange.core.spi.ProviderException;

/**
 * CallDoc's {@code scheduled_for_datetime} as the instant it names. CallDoc writes ISO 8601, usually UTC ending in
 * {@code Z} (as the sandbox does), and the vendor notes allow other forms: an offset such as {@code +02:00} is kept
 * exactly, no offset at all is the practice's wall-clock time. Fractions of a second and a space instead of
 * {@code T} (Python's default formatting, which the seed's own timestamps show) are accepted too; anything else is a
 * bad response rather than a guess. Pure.
 */
final class CallDocTimes {

    /**
     * Date, {@code T} or space, time with optional seconds and fraction, optional offset ({@code Z}, {@code +02},
     * {@code +0200}, {@code +02:00}: lenient {@code +HH} decides on the colon by what follows the hours).
     */
    private static final DateTimeFormatter WIRE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart()
            .parseLenient()
            .appendOffset("+HH", "Z")
            .parseStrict()
            .optionalEnd()
            .toFormatter();

    private final ZoneId practiceZone;

    CallDocTimes(ZoneId practiceZone) {
        this.practiceZone = practiceZone;
    }

    /**
     * The instant of {@code value}. Without an offset it is wall-clock time in the practice's zone; where that is
     * ambiguous (the repeated hour when summer time ends) the earlier instant is taken, and a time that does not exist
     * (the skipped hour in spring) is moved forward by the gap, as {@link java.time.ZonedDateTime#of} does.
     */
    Instant instant(String value) throws ProviderException {
        try {
            TemporalAccessor parsed = WIRE.parse(value.trim());
            LocalDateTime local = LocalDateTime.from(parsed);
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return local.toInstant(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
            }
            return local.atZone(practiceZone).toInstant();
        } catch (DateTimeParseException e) {
            throw new ProviderException(ProviderException.Kind.BAD_RESPONSE, null, "bad datetime " + value);
        }
    }
}
