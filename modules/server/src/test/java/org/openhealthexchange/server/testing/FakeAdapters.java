package org.openhealthexchange.server.testing;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Set;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.core.spi.ProviderCapabilities;
import org.openhealthexchange.core.spi.RecordBatchConsumer;

/** Two adapters that exist only when a test profile sets {@code ohe-test.fake-adapters=true} (a build property). */
public final class FakeAdapters {

    private FakeAdapters() {
    }

    /** A push-capable wearable vendor. */
    @ApplicationScoped
    @Named("acme")
    @IfBuildProperty(name = "ohe-test.fake-adapters", stringValue = "true")
    public static class Acme implements ProviderAdapter {
        @Override
        public String id() {
            return "acme";
        }

        @Override
        public String displayName() {
            return "Acme Wearables";
        }

        @Override
        public ProviderCapabilities capabilities() {
            return new ProviderCapabilities(Set.of(DataType.HEART_RATE, DataType.STEPS), true, true);
        }

        @Override
        public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) {
            return new FetchOutcome(0, null);
        }
    }

    /** A pull-only practice system. */
    @ApplicationScoped
    @Named("clinicsys")
    @IfBuildProperty(name = "ohe-test.fake-adapters", stringValue = "true")
    public static class ClinicSys implements ProviderAdapter {
        @Override
        public String id() {
            return "clinicsys";
        }

        @Override
        public String displayName() {
            return "Clinic System";
        }

        @Override
        public ProviderCapabilities capabilities() {
            return new ProviderCapabilities(Set.of(DataType.APPOINTMENT, DataType.WEIGHT), false, false);
        }

        @Override
        public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) {
            return new FetchOutcome(0, null);
        }
    }
}
