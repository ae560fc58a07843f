package org.openhealthexchange.provider.calldoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.http.RetryAfter;
import org.openhealthexchange.core.http.RetryPolicy;
import org.openhealthexchange.core.http.RetryPolicy.Safety;
import org.openhealthexchange.core.spi.ProviderException;

/**
 * CallDoc's read API ({@code /api/v1/frontend/}): appointment and patient search. Every call is a read, so a 5xx
 * answer, a 429 (after its {@code Retry-After}) or an I/O failure is retried by core's {@link Retrier} with jittered
 * exponential backoff ({@code ohe.provider.calldoc.max-attempts}, {@code retry-backoff}, {@code retry-max-backoff},
 * {@code retry-budget} per call); any other 4xx is final.
 */
public class CallDocClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;
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
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
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
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return retrier.call("CallDoc " + path, Safety.IDEMPOTENT, null, attempt -> once(request, path));
    }

    private JsonNode once(HttpRequest request, String path) throws ProviderException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return JSON.readTree(response.body());
            }
            if (status == 429) {
                throw new ProviderException(
                        ProviderException.Kind.RATE_LIMITED,
                        "429",
                        "CallDoc " + path + " answered HTTP 429",
                        RetryAfter.seconds(response),
                        null);
            }
            throw new ProviderException(
                    status >= 500 ? ProviderException.Kind.UNAVAILABLE : ProviderException.Kind.REJECTED,
                    Integer.toString(status),
                    "CallDoc " + path + " answered HTTP " + status);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProviderException(
                    ProviderException.Kind.BAD_RESPONSE, null, "CallDoc " + path + " answered non-JSON", null, e);
        } catch (IOException e) {
            throw new ProviderException(
                    ProviderException.Kind.UNAVAILABLE,
                    null,
                    "CallDoc " + path + " unreachable: " + e.getMessage(),
                    null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "interrupted", null, e);
        }
    }
}
