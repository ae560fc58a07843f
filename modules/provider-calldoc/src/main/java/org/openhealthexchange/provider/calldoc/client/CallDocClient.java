package org.openhealthexchange.provider.calldoc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.openhealthexchange.core.http.FailureClass;
import org.openhealthexchange.core.http.HttpTimeouts;
import org.openhealthexchange.core.http.RateLimits;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryPolicy;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.http.VendorHttp;
import org.openhealthexchange.core.http.VendorHttpException;
import org.openhealthexchange.core.spi.ProviderException;

/**
 * CallDoc's read API ({@code /api/v1/frontend/}): appointment and patient search, through core's toolkit
 * ({@link VendorHttp} with the configured timeout, {@link Retrier}). Every call is a read, so a 5xx answer, a 429
 * (after its {@code Retry-After}, seconds or HTTP-date) or an I/O failure is retried with jittered exponential
 * backoff ({@code ohe.provider.calldoc.max-attempts}, {@code retry-backoff}, {@code retry-max-backoff},
 * {@code retry-budget} per call); any other 4xx is final. CallDoc holds no credential, so a 401 is a refusal like
 * any other 4xx.
 */
public class CallDocClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final VendorHttp http;
    private final String baseUrl;
    private final Retrier retrier;

    /** Doubling backoff from {@code backoff}, capped at 5 s, at most a minute of waiting per call. */
    public CallDocClient(HttpClient http, String baseUrl, Duration timeout, int maxAttempts, Duration backoff) {
        this(
                http,
                baseUrl,
                timeout,
                Retrier.of(new RetryPolicy(
                        Math.max(1, maxAttempts), backoff, Duration.ofSeconds(5), Duration.ofMinutes(1))));
    }

    public CallDocClient(HttpClient http, String baseUrl, Duration timeout, Retrier retrier) {
        this(new VendorHttp("CallDoc", HttpTimeouts.of(timeout), http), baseUrl, retrier);
    }

    /** A client of its own with {@code timeout} to connect and to answer. */
    public CallDocClient(String baseUrl, Duration timeout, Retrier retrier) {
        this(new VendorHttp("CallDoc", HttpTimeouts.of(timeout)), baseUrl, retrier);
    }

    private CallDocClient(VendorHttp http, String baseUrl, Retrier retrier) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.retrier = retrier;
    }

    /** {@code GET appointment_search/?from_date&to_date&appointment_type_id[&status]}. */
    public JsonNode appointmentSearch(LocalDate from, LocalDate to, int appointmentTypeId, String status)
            throws ProviderException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from_date", from.toString());
        query.put("to_date", to.toString());
        query.put("appointment_type_id", Integer.toString(appointmentTypeId));
        if (status != null) {
            query.put("status", status);
        }
        return get("appointment_search/", query);
    }

    /** {@code GET patient_search/?piz=}: {@code {"count":n,"data":[patient…]}}. */
    public JsonNode patientSearch(String piz) throws ProviderException {
        return get("patient_search/", Map.of("piz", piz));
    }

    JsonNode get(String path, Map<String, String> query) throws ProviderException {
        String q = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(baseUrl + "/api/v1/frontend/" + path + "?" + q);
        return retrier.call("CallDoc " + path, Safety.IDEMPOTENT, null, attempt -> once(uri, path));
    }

    private JsonNode once(URI uri, String path) throws ProviderException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri).header("Accept", "application/json").GET(), path);
        int status = response.statusCode();
        if (VendorHttp.ok(response)) {
            try {
                return JSON.readTree(response.body());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ProviderException(
                        ProviderException.Kind.BAD_RESPONSE, null, "CallDoc " + path + " answered non-JSON", null, e);
            }
        }
        FailureClass c = FailureClass.ofStatus(status);
        if (c == FailureClass.AUTH) {
            c = FailureClass.PERMANENT; // no credential to refresh
        }
        throw new VendorHttpException(
                c,
                status,
                Integer.toString(status),
                "CallDoc " + path + " answered HTTP " + status,
                response.body(),
                c == FailureClass.RATE_LIMITED
                        ? RateLimits.retryAfter(response.headers(), Clock.systemUTC())
                                .orElse(null)
                        : null);
    }
}
