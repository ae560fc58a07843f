package org.openhealthexchange.core.spi;

import java.util.Optional;

/**
 * Whether OHE may call a URL a caller handed it (a completion callback): the server's outbound policy (https only,
 * public addresses only, unless allow-listed). Check at submission and again right before every call.
 */
public interface OutboundUrlPolicy {

    /** Why the URL is refused; {@code transientFailure} when the answer may change (DNS did not resolve). */
    record Refusal(String reason, boolean transientFailure) {}

    Optional<Refusal> check(String url);
}
