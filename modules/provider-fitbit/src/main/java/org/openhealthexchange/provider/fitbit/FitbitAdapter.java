package org.openhealthexchange.provider.fitbit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.core.spi.ProviderCapabilities;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.provider.fitbit.config.Fitbit;

/** Fitbit data through the configured API generation (Google Health API by default, legacy Fitbit Web API). */
@Named(Fitbit.ID)
@ApplicationScoped
public class FitbitAdapter implements ProviderAdapter {

    private final FitbitGenerations generations;

    public FitbitAdapter(FitbitGenerations generations) {
        this.generations = generations;
    }

    @Override
    public String id() {
        return Fitbit.ID;
    }

    @Override
    public String displayName() {
        return Fitbit.DISPLAY_NAME;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(Fitbit.DATA_TYPES, true, true);
    }

    @Override
    public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) throws ProviderException {
        return generations.forScopes(request.tokens().grantedScopes()).fetch(request, out);
    }

    /**
     * 28 days on the Google Health API: a page holds 10,000 points (a week of minute heart rate), and 300 requests
     * a minute per user would otherwise cap a year's backfill; a week on the legacy API, which is read day by day.
     */
    @Override
    public Duration syncChunk() {
        return generations.configured() == generations.google() ? Duration.ofDays(28) : Duration.ofDays(7);
    }

    @Override
    public Set<String> recordKinds(DataType type) {
        return Fitbit.RECORD_KINDS.getOrDefault(type, Set.of(type.code()));
    }
}
