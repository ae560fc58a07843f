package org.openhealthexchange.sink.fhir.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.openhealthexchange.core.http.HttpTimeouts;
import org.openhealthexchange.core.http.RateLimits;
import org.openhealthexchange.core.http.VendorHttp;
import org.openhealthexchange.core.spi.ProviderException;

/**
 * Access tokens of SMART Backend Services: a {@code client_credentials} grant authenticated by a signed client
 * assertion, cached until shortly before {@code expires_in}. One fetch at a time per instance (callers wait for it
 * rather than all asking the token endpoint at once).
 */
public final class SmartTokenSource {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Renew this long before expiry, so a token never expires between being read and being used. */
    static final Duration EARLY_RENEWAL = Duration.ofSeconds(60);
    /** SMART recommends tokens of about five minutes; assume that when the server does not say. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tokenUrl;
    private final String scope;
    private final ClientAssertionSigner signer;
    private final VendorHttp http;
    private final Clock clock;

    private String accessToken;
    private Instant renewAt = Instant.MIN;

    /** Calls {@code tokenUrl} with {@code timeout} to connect and to answer, through core's {@link VendorHttp}. */
    public SmartTokenSource(URI tokenUrl, String scope, ClientAssertionSigner signer, Duration timeout, Clock clock) {
        this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.http = new VendorHttp("SMART token endpoint", HttpTimeouts.of(Objects.requireNonNull(timeout, "timeout")));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The cached token, or a new one when there is none or it is about to expire. */
    public synchronized String current() throws FhirCallException {
        if (accessToken == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return accessToken;
    }

    /** Forgets the cached token (the EHR refused it); the next {@link #current()} fetches a new one. */
    public synchronized void invalidate() {
        accessToken = null;
    }

    private void fetch() throws FhirCallException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", scope);
        form.put("client_assertion_type", ASSERTION_TYPE);
        try {
            form.put("client_assertion", signer.sign());
        } catch (IllegalStateException e) {
            throw new FhirCallException(FhirCallException.Kind.FATAL, 0, e.getMessage(), null);
        }
        var request = HttpRequest.newBuilder(tokenUrl)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        HttpResponse<String> response;
        try {
            response = http.send(request, "POST");
        } catch (ProviderException e) {
            if (e.getCause() instanceof InterruptedException) {
                throw new FhirCallException(
                        FhirCallException.Kind.FATAL, 0, "interrupted while fetching a token", null);
            }
            throw FhirCallException.forStatus(
                    0,
                    "SMART token request failed: "
                            + (e.getCause() == null
                                    ? "I/O"
                                    : e.getCause().getClass().getSimpleName()),
                    null);
        }
        var issuedAt = clock.instant();
        if (response.statusCode() != 200) {
            // 4xx here (invalid_client, invalid_scope) is a configuration problem, not the Bundle's.
            var kind = response.statusCode() >= 500 || response.statusCode() == 429
                    ? FhirCallException.Kind.RETRYABLE
                    : FhirCallException.Kind.FATAL;
            throw new FhirCallException(
                    kind,
                    response.statusCode(),
                    "SMART token endpoint answered HTTP " + response.statusCode() + oauthError(response.body()),
                    RateLimits.retryAfter(response.headers(), clock).orElse(null));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new FhirCallException(FhirCallException.Kind.FATAL, 200, "SMART token response is not JSON", null);
        }
        var token = body.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new FhirCallException(
                    FhirCallException.Kind.FATAL, 200, "SMART token response has no access_token", null);
        }
        var lifetime = body.hasNonNull("expires_in")
                ? Duration.ofSeconds(body.get("expires_in").asLong())
                : DEFAULT_LIFETIME;
        var margin = lifetime.compareTo(EARLY_RENEWAL.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : EARLY_RENEWAL;
        accessToken = token;
        renewAt = issuedAt.plus(lifetime).minus(margin);
    }

    /** The OAuth {@code error} code of a refusal: safe to log, unlike the body as a whole. */
    private static String oauthError(String body) {
        try {
            var error = JSON.readTree(body).path("error").asText("");
            return error.isEmpty() ? "" : " (" + error + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return "SmartTokenSource[" + tokenUrl + ", scope=" + scope + "]";
    }
}
