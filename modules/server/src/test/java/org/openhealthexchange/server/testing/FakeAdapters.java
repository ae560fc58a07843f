package org.openhealthexchange.server.testing;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.net.URI;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.OAuthLinking;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.core.spi.ProviderCapabilities;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.core.spi.TokenGrant;

/** Two adapters that exist only when a test profile sets {@code ohe-test.fake-adapters=true} (a build property). */
public final class FakeAdapters {

    private FakeAdapters() {}

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

        /**
         * Nothing, except for the EHR user {@value #MIXED_USER}: a heart rate and a value no sink can represent (a
         * metric without a code), and a cursor.
         */
        @Override
        public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) {
            if (!MIXED_USER.equals(request.ehrUserId())) {
                return new FetchOutcome(0, null);
            }
            var at = request.start().plusSeconds(3600);
            out.accept(java.util.List.of(
                    new org.openhealthexchange.core.record.Measurement(
                            "acme",
                            "hr-1",
                            DataType.HEART_RATE,
                            "heart_rate",
                            java.math.BigDecimal.valueOf(61),
                            "/min",
                            at,
                            null,
                            null),
                    new org.openhealthexchange.core.record.Measurement(
                            "acme",
                            "mystery-1",
                            DataType.HEART_RATE,
                            "mystery_index",
                            java.math.BigDecimal.ONE,
                            "1",
                            at,
                            null,
                            null)));
            return new FetchOutcome(
                    2,
                    java.util.Optional.of("acme-cursor-after-" + request.end().getEpochSecond()));
        }

        /** The EHR user whose fetches return a mappable and an unmappable record. */
        public static final String MIXED_USER = "acme-mixed-1";
    }

    /** Acme's OAuth flow: counts refreshes; a refresh token "revoked" is refused for good. */
    @ApplicationScoped
    @IfBuildProperty(name = "ohe-test.fake-adapters", stringValue = "true")
    public static class AcmeLinking implements OAuthLinking {
        public static final AtomicInteger REFRESHES = new AtomicInteger();

        @Override
        public String providerId() {
            return "acme";
        }

        @Override
        public boolean usesPkce() {
            return true;
        }

        @Override
        public URI authorizationUrl(AuthorizationRequest request) {
            return URI.create("https://acme.example/authorize?state=" + request.state() + "&code_challenge="
                    + request.codeChallenge());
        }

        @Override
        public TokenGrant exchange(String code, String redirectUri, String codeVerifier) throws ProviderException {
            if (codeVerifier == null || code.startsWith("bad")) {
                throw new ProviderException(ProviderException.Kind.REJECTED, "invalid_grant", "bad code");
            }
            return new TokenGrant(
                    "acme-" + code,
                    "access-" + code,
                    "refresh-" + code,
                    Instant.now().plusSeconds(3600),
                    Set.of("read"));
        }

        @Override
        public TokenGrant refresh(String refreshToken) throws ProviderException {
            REFRESHES.incrementAndGet();
            if (refreshToken.startsWith("revoked")) {
                throw new ProviderException(ProviderException.Kind.GRANT_REVOKED, "invalid_grant", "revoked");
            }
            try {
                Thread.sleep(300); // widen the window in which a second refresh could slip in
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int n = REFRESHES.get();
            return new TokenGrant(
                    null, "access-r" + n, "refresh-r" + n, Instant.now().plusSeconds(3600), Set.of());
        }

        @Override
        public void revoke(TokenGrant grant) {}
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
