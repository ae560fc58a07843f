package org.openhealthexchange.server.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.openhealthexchange.core.spi.OutboundUrlPolicy;
import org.openhealthexchange.server.config.OheConfig;

/** The one {@link OutboundPolicy} of the server, from {@code ohe.outbound.*}, resolving with the system DNS. */
@ApplicationScoped
class OutboundPolicyProducer {

    @Produces
    @Singleton
    OutboundPolicy policy(OheConfig config) {
        return new OutboundPolicy(
                config.outbound().allowHttp(),
                config.outbound().allowHosts().orElse(List.of()),
                OutboundPolicy.systemResolver());
    }

    /** The policy as modules see it (core {@link OutboundUrlPolicy}): a provider's callbacks pass the same checks. */
    @Produces
    @Singleton
    OutboundUrlPolicy forModules(OutboundPolicy policy) {
        return url -> policy.check(url).map(r -> new OutboundUrlPolicy.Refusal(r.reason(), r.transientFailure()));
    }
}
