package org.openhealthexchange.provider.withings;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.OAuthLinking;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.ProviderException.Kind;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.withings.client.WithingsApiClient;
import org.openhealthexchange.provider.withings.client.WithingsEnvelope;
import org.openhealthexchange.provider.withings.client.WithingsStatus;
import org.openhealthexchange.provider.withings.config.Withings;
import org.openhealthexchange.provider.withings.config.WithingsSettings;
import org.openhealthexchange.provider.withings.mapping.WithingsTokenParser;

/**
 * Withings' OAuth 2.0 code flow: no PKCE, comma-separated scopes, and one endpoint ({@code /v2/oauth2
 * action=requesttoken}) for both the code exchange and the refresh. Qualified by {@code @Identifier}, not
 * {@code @Named}: the adapter already owns the bean name "withings" and CDI bean names must be unique.
 */
@ApplicationScoped
@Identifier(Withings.ID)
public class WithingsOAuth implements OAuthLinking {

    static final String TOKEN_PATH = "/v2/oauth2";
    /** Statuses with which Withings refuses a refresh token for good (auth failed / app unauthorized). */
    static final Set<Integer> REFRESH_REFUSED = Set.of(100, 101, 102, 200, 2553, 2555);

    private final WithingsSettings settings;
    private final WithingsApiClient client;
    private final Clock clock;

    @Inject
    WithingsOAuth(WithingsSettings settings, WithingsApiClient client, Instance<Clock> clocks) {
        this(settings, client, clocks.isResolvable() ? clocks.get() : Clock.systemUTC());
    }

    public WithingsOAuth(WithingsSettings settings, WithingsApiClient client, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.clock = clock;
    }

    /** For the CDI client proxy only. */
    protected WithingsOAuth() {
        this.settings = null;
        this.client = null;
        this.clock = null;
    }

    @Override
    public String providerId() {
        return Withings.ID;
    }

    @Override
    public boolean usesPkce() {
        return false;
    }

    /** @throws IllegalStateException when Withings is disabled or has no client id: linking cannot start */
    @Override
    public URI authorizationUrl(AuthorizationRequest request) {
        String clientId;
        try {
            WithingsGuard.requireEnabled(settings);
            clientId = WithingsGuard.clientId(settings);
        } catch (ProviderException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        String scopes = settings.scopes().stream().map(WithingsOAuth::escape).collect(Collectors.joining(","));
        String base = settings.authorizeUrl();
        return URI.create(base + (base.contains("?") ? "&" : "?") + "response_type=code&client_id=" + escape(clientId)
                + "&state=" + escape(request.state()) + "&scope=" + scopes + "&redirect_uri="
                + escape(request.redirectUri()));
    }

    /** {@code codeVerifier} is ignored: Withings does not support PKCE. */
    @Override
    public TokenGrant exchange(String code, String redirectUri, String codeVerifier) throws ProviderException {
        Map<String, String> form = tokenForm("authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        WithingsEnvelope reply = client.postToken(TOKEN_PATH, form);
        if (!reply.ok()) {
            throw WithingsStatus.toException(reply, "oauth2 requesttoken (authorization_code)");
        }
        return WithingsTokenParser.parse(reply.body(), clock.instant());
    }

    @Override
    public TokenGrant refresh(String refreshToken) throws ProviderException {
        Map<String, String> form = tokenForm("refresh_token");
        form.put("refresh_token", refreshToken);
        WithingsEnvelope reply = client.postToken(TOKEN_PATH, form);
        if (!reply.ok()) {
            if (REFRESH_REFUSED.contains(reply.status()) || WithingsStatus.isInvalidGrant(reply)) {
                throw new ProviderException(
                        Kind.GRANT_REVOKED,
                        Integer.toString(reply.status()),
                        "Withings refused the refresh token (status " + reply.status() + "); the user must link again");
            }
            throw WithingsStatus.toException(reply, "oauth2 requesttoken (refresh_token)");
        }
        return WithingsTokenParser.parse(reply.body(), clock.instant());
    }

    /**
     * Deliberately does nothing. Withings' {@code oauth2 action=revoke} only accepts requests signed with a nonce
     * from its signature service (partner-level integration), not a user's bearer token; calling it unsigned
     * fails. Notifications are removed through {@link WithingsSubscriptions#unsubscribe}, and the server forgets the
     * tokens; the user can remove the app in their Withings account.
     */
    @Override
    public void revoke(TokenGrant grant) {
        // Intentionally empty, see above.
    }

    private Map<String, String> tokenForm(String grantType) throws ProviderException {
        WithingsGuard.requireEnabled(settings);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "requesttoken");
        form.put("grant_type", grantType);
        form.put("client_id", WithingsGuard.clientId(settings));
        form.put("client_secret", WithingsGuard.clientSecret(settings));
        return form;
    }

    private static String escape(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
