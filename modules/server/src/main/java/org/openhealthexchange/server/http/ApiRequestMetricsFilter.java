package org.openhealthexchange.server.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.openhealthexchange.server.metrics.OheMetrics;

/** Counts every API response in {@code ohe_api_requests_total}, labelled by the endpoint's path template. */
public class ApiRequestMetricsFilter {

    @Inject
    OheMetrics metrics;

    /** Templates by endpoint method: read from annotations once, not on every request. */
    private static final ConcurrentHashMap<Method, String> TEMPLATES = new ConcurrentHashMap<>();

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        String endpoint = resource == null || resource.getResourceMethod() == null
                ? template(resource)
                : TEMPLATES.computeIfAbsent(resource.getResourceMethod(), m -> template(resource));
        metrics.apiRequest(request.getMethod(), endpoint, response.getStatus());
    }

    /** {@code api/base/providers} for {@code @Path("/api/base/providers/")}: bounded label values. */
    static String template(ResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return "unmatched";
        }
        StringBuilder path = new StringBuilder();
        Path onClass = resource.getResourceClass().getAnnotation(Path.class);
        if (onClass != null) {
            path.append('/').append(onClass.value());
        }
        Path onMethod = resource.getResourceMethod() == null
                ? null
                : resource.getResourceMethod().getAnnotation(Path.class);
        if (onMethod != null) {
            path.append('/').append(onMethod.value());
        }
        String t = path.toString().replaceAll("/+", "/").replaceAll("^/|/$", "");
        return t.isEmpty() ? "root" : t;
    }
}
