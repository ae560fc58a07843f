package org.openhealthexchange.provider.withings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.core.spi.ProviderCapabilities;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.config.Withings;
import org.openhealthexchange.provider.withings.config.WithingsSettings;
import org.openhealthexchange.provider.withings.fetch.WithingsFetch;

/** The Withings provider: body measures, blood pressure, heart rate, SpO2, temperature, ECG, activity, sleep. */
@ApplicationScoped
@Named(Withings.ID)
public class WithingsAdapter implements ProviderAdapter {

    private static final ProviderCapabilities CAPABILITIES = new ProviderCapabilities(Withings.DATA_TYPES, true, true);

    private final WithingsSettings settings;
    private final WithingsApiClient client;
    private final Clock clock;

    @Inject
    WithingsAdapter(WithingsSettings settings, WithingsApiClient client, Instance<Clock> clocks) {
        this(settings, client, clocks.isResolvable() ? clocks.get() : Clock.systemUTC());
    }

    /** @param clock tells which days are over: those not yet are left for a later sync */
    public WithingsAdapter(WithingsSettings settings, WithingsApiClient client, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.clock = clock;
    }

    /** For the CDI client proxy only. */
    protected WithingsAdapter() {
        this.settings = null;
        this.client = null;
        this.clock = null;
    }

    @Override
    public String id() {
        return Withings.ID;
    }

    @Override
    public String displayName() {
        return Withings.DISPLAY_NAME;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) throws ProviderException {
        WithingsGuard.requireEnabled(settings);
        return WithingsFetch.run(client.forFetch(), request, clock.instant(), out);
    }
}
