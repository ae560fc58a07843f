package org.openhealthexchange.provider.fitbit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitApi;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;

/** A link keeps the API generation that issued its grant, whatever generation new links use now. */
class FitbitGenerationsTest {

    private static final Set<String> GOOGLE_SCOPES =
            Set.of("https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly");
    private static final Set<String> LEGACY_SCOPES = Set.of("activity", "heartrate");

    private final List<String> calls = new ArrayList<>();

    /** Records which generation was asked for what. */
    private FitbitApi fake(String generation) {
        return new FitbitApi() {
            @Override
            public String generation() {
                return generation;
            }

            @Override
            public URI authorizationUrl(AuthorizationRequest request) {
                calls.add(generation + " authorize");
                return URI.create("https://" + generation + ".example/authorize");
            }

            @Override
            public TokenGrant exchange(String code, String redirectUri, String codeVerifier) {
                calls.add(generation + " exchange");
                return null;
            }

            @Override
            public TokenGrant refresh(String refreshToken) {
                calls.add(generation + " refresh");
                return null;
            }

            @Override
            public void revoke(TokenGrant grant) {
                calls.add(generation + " revoke");
            }

            @Override
            public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) {
                calls.add(generation + " fetch");
                return new FetchOutcome(0, Optional.empty());
            }

            @Override
            public void subscribe(AccessTokenSource tokens, String callbackUrl) {
                calls.add(generation + " subscribe");
            }

            @Override
            public void unsubscribe(AccessTokenSource tokens, String callbackUrl) {
                calls.add(generation + " unsubscribe");
            }
        };
    }

    private FitbitGenerations generations(String configured) {
        FitbitSettings settings = FitbitSettings.forSandbox("http://x", configured, "c", "s");
        return new FitbitGenerations(settings, fake("google"), fake("legacy"), null, null);
    }

    private static AccessTokenSource tokens(Set<String> scopes) {
        return new AccessTokenSource() {
            @Override
            public String current() {
                return "t";
            }

            @Override
            public String refreshAfterRejection(String rejected) {
                return "t2";
            }

            @Override
            public Set<String> grantedScopes() {
                return scopes;
            }
        };
    }

    private static FetchRequest fetch(Set<String> scopes) {
        return new FetchRequest(
                "ehr-1",
                "u",
                Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z"),
                Set.of(DataType.WEIGHT),
                Optional.empty(),
                tokens(scopes));
    }

    @Test
    void syncsGoToTheGenerationThatIssuedTheGrant() throws Exception {
        FitbitAdapter adapter = new FitbitAdapter(generations(Fitbit.GOOGLE_HEALTH));
        adapter.fetch(fetch(LEGACY_SCOPES), records -> {});
        adapter.fetch(fetch(GOOGLE_SCOPES), records -> {});
        adapter.fetch(fetch(Set.of()), records -> {});
        assertEquals(List.of("legacy fetch", "google fetch", "google fetch"), calls, "no scopes: the configured one");

        calls.clear();
        new FitbitAdapter(generations(Fitbit.LEGACY)).fetch(fetch(GOOGLE_SCOPES), records -> {});
        assertEquals(List.of("google fetch"), calls);
    }

    @Test
    void refreshRevokeAndSubscriptionsFollowTheGrantWhileNewLinksUseTheConfiguredOne() throws Exception {
        FitbitOAuth oauth = new FitbitOAuth(generations(Fitbit.GOOGLE_HEALTH));
        oauth.refresh("r", LEGACY_SCOPES);
        oauth.revoke(new TokenGrant("u", "a", "r", null, LEGACY_SCOPES));
        new FitbitSubscriptions(generations(Fitbit.GOOGLE_HEALTH)).unsubscribe(tokens(LEGACY_SCOPES), "https://cb");
        oauth.authorizationUrl(new AuthorizationRequest("state", "https://cb", "challenge"));
        oauth.refresh("r");
        assertEquals(
                List.of("legacy refresh", "legacy revoke", "legacy unsubscribe", "google authorize", "google refresh"),
                calls);
    }
}
