package org.openhealthexchange.core.spi;

import java.time.Duration;

/**
 * A budget of vendor calls shared by every node of the deployment (Redis when configured), so a vendor's per-user
 * limit holds however many workers call for that user at once. The server hands one to adapters in
 * {@link FetchRequest#budget()}; an adapter without one keeps its own in-process count.
 */
@FunctionalInterface
public interface CallBudget {

    /**
     * Takes one call from the bucket {@code key} that holds {@code limit} calls refilled evenly over {@code window}.
     *
     * @return {@link Duration#ZERO} when the call may go ahead; otherwise how long until one is available (nothing
     *         was taken)
     */
    Duration take(String key, int limit, Duration window);
}
