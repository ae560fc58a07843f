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
import org.openhealthexchange.core.spi.ProviderException;

/**
 * CallDoc's read API ({@code /api/v1/frontend/}): appointment and patient search. A 5xx answer or an I/O failure is
 * retried with doubling backoff; a 4xx is final.
 */
public class CallDocClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;

    public CallDocClient(HttpClient http, String baseUrl, Duration timeout, int maxAttempts, Duration backoff) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
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
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET()
                .build();
        ProviderException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                pause(backoff.multipliedBy(1L << (attempt - 2)));
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return JSON.readTree(response.body());
                }
                last = new ProviderException(status >= 500 ? ProviderException.Kind.UNAVAILABLE
                        : ProviderException.Kind.REJECTED, Integer.toString(status),
                        "CallDoc " + path + " answered HTTP " + status);
                if (status < 500) {
                    throw last;
                }
            } catch (IOException e) {
                if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                    throw new ProviderException(ProviderException.Kind.BAD_RESPONSE, null,
                            "CallDoc " + path + " answered non-JSON", null, e);
                }
                last = new ProviderException(ProviderException.Kind.UNAVAILABLE, null,
                        "CallDoc " + path + " unreachable: " + e.getMessage(), null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "interrupted", null, e);
            }
        }
        throw last;
    }

    private static void pause(Duration d) throws ProviderException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "interrupted", null, e);
        }
    }
}
