package org.openhealthexchange.sandbox.faults;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.openhealthexchange.sandbox.SandboxConfig;

/**
 * Answers a simulator's data call with a random fault before the simulator sees it: an HTTP filter in front of every
 * route, so all simulators fail the same way and their own code stays as it is. Does nothing unless the sandbox is
 * enabled and a vendor's rate is above zero.
 */
@ApplicationScoped
public class FaultInjector {

    private static final Logger LOG = Logger.getLogger(FaultInjector.class);

    @Inject
    Instance<SandboxConfig> config;

    private volatile VendorFaults faults;

    /** The shared fault state, built from configuration on first use. */
    public VendorFaults faults() {
        VendorFaults f = faults;
        if (f == null) {
            synchronized (this) {
                if (faults == null) {
                    faults = new VendorFaults(fromConfig(config.get().faults()));
                }
                f = faults;
            }
        }
        return f;
    }

    static VendorFaults.Settings fromConfig(SandboxConfig.RandomFaults c) {
        Map<FaultyVendor, Double> overrides = new EnumMap<>(FaultyVendor.class);
        c.vendors()
                .forEach((id, rate) -> overrides.put(
                        FaultyVendor.byId(id)
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "ohe.sandbox.faults.vendors." + id + ": unknown vendor")),
                        rate));
        return VendorFaults.Settings.of(c.rate(), overrides, c.seed(), c.retryAfterSeconds());
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 100);
    }

    private void filter(RoutingContext rc) {
        Optional<FaultyVendor> vendor =
                FaultyVendor.dataCall(rc.request().method().name(), rc.normalizedPath());
        if (vendor.isEmpty() || !config.get().enabled()) {
            rc.next();
            return;
        }
        Optional<FaultyVendor.Kind> kind = faults().next(vendor.get());
        if (kind.isEmpty()) {
            rc.next();
            return;
        }
        LOG.debugf("sandbox fault %s on %s %s", kind.get().label(), rc.request().method(), rc.normalizedPath());
        if (kind.get() == FaultyVendor.Kind.DROP) {
            rc.request().connection().close();
            return;
        }
        FaultyVendor.Reply reply =
                vendor.get().reply(kind.get(), faults().settings().retryAfterSeconds());
        var response = rc.response().setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType());
        reply.headers().forEach(response::putHeader);
        if (rc.request().method() == HttpMethod.HEAD) {
            response.end();
        } else {
            response.end(reply.body());
        }
    }
}
