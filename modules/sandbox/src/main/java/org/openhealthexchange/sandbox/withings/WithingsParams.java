package org.openhealthexchange.sandbox.withings;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The parameters of one Withings call. Withings reads them from the form body or the query string alike; a
 * malformed value is an "Invalid Params" reply naming the parameter.
 */
final class WithingsParams {

    private final Map<String, String> values;

    WithingsParams(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Parameters from a query string and an {@code application/x-www-form-urlencoded} body; the body wins. */
    static WithingsParams of(Map<String, String> query, String formBody) {
        Map<String, String> merged = new LinkedHashMap<>(query);
        merged.putAll(parseForm(formBody));
        return new WithingsParams(merged);
    }

    static WithingsParams of(Map<String, String> values) {
        return new WithingsParams(values);
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return form;
        }
        for (String pair : body.trim().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            form.putIfAbsent(name, value);
        }
        return form;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    Optional<String> string(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String required(String name) {
        return string(name).orElseThrow(() -> WithingsApiError.invalidParam(name));
    }

    OptionalLong longValue(String name) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get()));
        } catch (NumberFormatException e) {
            throw WithingsApiError.invalidParam(name);
        }
    }

    int offset() {
        long offset = longValue("offset").orElse(0);
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw WithingsApiError.invalidParam("offset");
        }
        return (int) offset;
    }

    Optional<LocalDate> ymd(String name) {
        Optional<String> value = string(name);
        try {
            return value.map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            throw WithingsApiError.invalidParam(name);
        }
    }

    /** A comma-separated list of integers ({@code meastypes=1,4,12}); empty when absent. */
    Set<Integer> intList(String name) {
        Optional<String> value = string(name);
        if (value.isEmpty()) {
            return Set.of();
        }
        Set<Integer> result = new LinkedHashSet<>();
        try {
            for (String part : value.get().split(",")) {
                if (!part.isBlank()) {
                    result.add(Integer.parseInt(part.trim()));
                }
            }
        } catch (NumberFormatException e) {
            throw WithingsApiError.invalidParam(name);
        }
        return result;
    }

    /** A comma-separated list of names ({@code data_fields=steps,heart_rate}); empty when absent. */
    Set<String> names(String name) {
        return string(name)
                .map(v -> Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)))
                .orElseGet(LinkedHashSet::new);
    }
}
