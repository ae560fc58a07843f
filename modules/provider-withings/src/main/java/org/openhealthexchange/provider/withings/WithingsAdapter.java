package org.openhealthexchange.provider.withings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.core.spi.ProviderCapabilities;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.fetch.WithingsFetch;

/** The Withings provider: body measures, blood pressure, heart rate, SpO2, temperature, ECG, activity, sleep. */
@ApplicationScoped
@Named(Withings.ID)
public class WithingsAdapter implements ProviderAdapter {

    private static final ProviderCapabilities CAPABILITIES = new ProviderCapabilities(Withings.DATA_TYPES, true, true);

    private final WithingsSettings settings;
    private final WithingsApiClient client;

    @Inject
    public WithingsAdapter(WithingsSettings settings, WithingsApiClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** For the CDI client proxy only. */
    protected WithingsAdapter() {
        this.settings = null;
        this.client = null;
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
        return WithingsFetch.run(client, request, out);
    }
}
