package org.openhealthexchange.server.coordination;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.openhealthexchange.core.spi.CallBudget;

/**
 * Vendor call budgets shared by every node: a token bucket per key in the coordination store (Redis when configured),
 * so a vendor's per-user limit holds across replicas and concurrent jobs. Handed to adapters with every fetch.
 */
@ApplicationScoped
public class VendorCallBudget implements CallBudget {

    private final Coordination coordination;

    VendorCallBudget(Coordination coordination) {
        this.coordination = coordination;
    }

    @Override
    public Duration take(String key, int limit, Duration window) {
        RateDecision decision = coordination.consume("vendor-calls:" + key, limit, window);
        return decision.allowed() ? Duration.ZERO : Duration.ofSeconds(Math.max(1, decision.retryAfterSeconds()));
    }
}
