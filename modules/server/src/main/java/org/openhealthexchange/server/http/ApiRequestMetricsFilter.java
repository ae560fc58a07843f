package org.openhealthexchange.server.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.openhealthexchange.server.metrics.OheMetrics;

/** Counts every API response in {@code ohe_api_requests_total}, labelled by the endpoint's path template. */
public class ApiRequestMetricsFilter {

    @Inject
    OheMetrics metrics;

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        metrics.apiRequest(request.getMethod(), template(resource), response.getStatus());
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
        Path onMethod = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(Path.class);
        if (onMethod != null) {
            path.append('/').append(onMethod.value());
        }
        String t = path.toString().replaceAll("/+", "/").replaceAll("^/|/$", "");
        return t.isEmpty() ? "root" : t;
    }
}
