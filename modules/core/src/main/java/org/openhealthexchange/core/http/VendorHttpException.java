package org.openhealthexchange.core.http;

import java.time.Duration;
import org.openhealthexchange.core.spi.ProviderException;

/**
 * A vendor answered an HTTP status that is not a success: its {@link FailureClass}, the status, and a bounded,
 * printable excerpt of the body for diagnosis. The excerpt is never part of {@link #getMessage()} (bodies may carry
 * personal data), so logging the exception logs only the vendor, the call and the status.
 */
public class VendorHttpException extends ProviderException {

    /** Longest body excerpt kept, in characters. */
    public static final int MAX_EXCERPT = 256;

    private final FailureClass failureClass;
    private final int status;
    private final String bodyExcerpt;

    public VendorHttpException(
            FailureClass failureClass,
            int status,
            String vendorCode,
            String message,
            String body,
            Duration retryAfter) {
        super(failureClass.kind(), vendorCode, message, retryAfter, null);
        this.failureClass = failureClass;
        this.status = status;
        this.bodyExcerpt = excerpt(body);
    }

    /**
     * The failure for {@code status} classified by {@link FailureClass#ofStatus}, vendor code the status, message
     * {@code "<vendor> <call> answered HTTP <status>"}.
     */
    public static VendorHttpException forStatus(String vendor, String call, int status, String body, Duration wait) {
        return new VendorHttpException(
                FailureClass.ofStatus(status),
                status,
                Integer.toString(status),
                vendor + " " + call + " answered HTTP " + status,
                body,
                wait);
    }

    public FailureClass failureClass() {
        return failureClass;
    }

    /** The HTTP status the vendor answered. */
    public int status() {
        return status;
    }

    /** At most {@value #MAX_EXCERPT} characters of the body, control characters replaced; empty when none. */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    /** The first {@code max} characters of {@code body} with control characters as spaces, "…" when cut. */
    static String excerpt(String body) {
        if (body == null || body.isEmpty()) {
            return "";
        }
        int end = Math.min(body.length(), MAX_EXCERPT);
        StringBuilder b = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = body.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (body.length() > MAX_EXCERPT) {
            b.append('…');
        }
        return b.toString();
    }
}
