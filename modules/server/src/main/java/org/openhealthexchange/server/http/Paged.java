package org.openhealthexchange.server.http;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page in Django REST Framework's shape ({@code count, next, previous, results}); {@code next}/{@code previous}
 * are absolute URLs with the same query and another {@code page}.
 */
public record Paged<T>(
        long count,
        @Schema(nullable = true, format = "uri") String next,
        @Schema(nullable = true, format = "uri") String previous,
        List<T> results) {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;

    /** The requested page and size, validated (400 in the envelope when not positive integers within bounds). */
    public record Request(int page, int size) {

        public static Request of(String page, String pageSize) {
            int p = parse("page", page, 1, Integer.MAX_VALUE, 1);
            int s = parse("page_size", pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, 1);
            return new Request(p, s);
        }

        public int offset() {
            return (int) Math.min(Integer.MAX_VALUE, (long) (page - 1) * size);
        }

        private static int parse(String name, String value, int fallback, int max, int min) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                int v = Integer.parseInt(value.trim());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw ApiException.validation(
                    Map.of(name, List.of("Must be an integer between " + min + " and " + max + ".")));
        }
    }

    public static <T> Paged<T> of(List<T> pageItems, long total, Request request, UriInfo uri) {
        boolean hasNext = (long) request.page() * request.size() < total;
        boolean hasPrevious = request.page() > 1;
        return new Paged<>(
                total,
                hasNext ? link(uri, request.page() + 1) : null,
                hasPrevious ? link(uri, request.page() - 1) : null,
                pageItems);
    }

    /** Pages a list held in memory (small lists such as the providers). */
    public static <T> Paged<T> slice(List<T> all, Request request, UriInfo uri) {
        int from = Math.min(all.size(), request.offset());
        int to = Math.min(all.size(), from + request.size());
        return of(all.subList(from, to), all.size(), request, uri);
    }

    private static String link(UriInfo uri, int page) {
        return uri.getRequestUriBuilder()
                .replaceQueryParam("page", page)
                .build()
                .toString();
    }
}
