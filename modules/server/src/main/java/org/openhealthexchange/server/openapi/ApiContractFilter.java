package org.openhealthexchange.server.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.openhealthexchange.server.auth.IntegratorApi;
import org.openhealthexchange.server.health.HealthApi;
import org.openhealthexchange.server.http.Paged;
import org.openhealthexchange.server.http.RateLimitExceeded;
import org.openhealthexchange.server.jobs.JobsResource;
import org.openhealthexchange.server.linking.LinkStatus;
import org.openhealthexchange.server.providers.ProvidersResource;
import org.openhealthexchange.server.sync.SyncApi;
import org.openhealthexchange.server.webhooks.WebhookApi;

/**
 * Completes the generated document so that it describes the wire: the bearer scheme, the error envelope and the
 * error responses every operation shares (input limits 400, version 406, 500; 413 with a body; 401 on integrator
 * operations), and
 * for every response body record its required properties and {@code additionalProperties: false} (a record writes
 * exactly its components). {@code OpenApiContractIT} holds the document to the real answers.
 */
public class ApiContractFilter implements OASFilter {

    /** Response bodies whose schemas are closed: every property is listed, required unless it may be omitted. */
    static final List<Class<? extends Record>> RESPONSE_BODIES = List.of(
            LinkStatus.class,
            LinkStatus.LinkedAccount.class,
            SyncApi.SyncStatus.class,
            SyncApi.ProviderSyncStatus.class,
            SyncApi.ConnectedProviders.class,
            SyncApi.ConnectedProvider.class,
            SyncApi.ConnectedProviderInfo.class,
            SyncApi.DeviceSyncResult.class,
            SyncApi.BackfillResult.class,
            JobsResource.JobView.class,
            ProvidersResource.ProviderView.class,
            ProvidersResource.Capabilities.class,
            HealthApi.HealthReport.class,
            HealthApi.HealthChecks.class,
            HealthApi.CheckResult.class,
            HealthApi.ReadyReport.class,
            HealthApi.ReadyChecks.class,
            HealthApi.LiveReport.class,
            HealthApi.ServiceHealth.class,
            WebhookApi.WebhookAccepted.class,
            WebhookApi.WebhookHealthReport.class,
            WebhookApi.WebhookServices.class,
            WebhookApi.WebhookMetrics.class,
            WebhookApi.WebhookTotals.class,
            WebhookApi.WebhookEndpointStats.class,
            RateLimitExceeded.class,
            RateLimitExceeded.Details.class);

    /**
     * Paths whose bodies are not typed yet: the CallDoc task API answers in its seed's shapes, and gets its own
     * schemas where it lives (modules/provider-calldoc); test-only endpoints are no part of the contract.
     */
    static final List<String> UNTYPED_PATH_PREFIXES = List.of("/test-support/");

    static final String ERROR_SCHEMA = "ErrorEnvelope";

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /** The responses every typed operation may give, whatever its own (docs/API.md "Conventions"). */
    private static final Map<String, String> SHARED = Map.of("400", "BadRequest", "500", "InternalError");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSecurityScheme(
                IntegratorApi.SECURITY_SCHEME,
                OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("An OIDC access token of the configured issuer; its claim (default"
                                + " ehr_user_ids) names the ehr_user_ids the caller may act for, * for all"));
        components.addSchema(ERROR_SCHEMA, errorEnvelope());
        addResponse(components, "BadRequest", "Invalid input (validation_error, malformed_json, …)");
        addResponse(components, "Unauthorized", "No valid bearer token (unauthorized); WWW-Authenticate: Bearer");
        addResponse(components, "Forbidden", "The token does not grant this ehr_user_id (forbidden)");
        addResponse(components, "NotFound", "No such resource (not_found)");
        addResponse(components, "MethodNotAllowed", "The method is not served here (method_not_allowed)");
        addResponse(components, "PayloadTooLarge", "The body is over ohe.http.max-body-size (payload_too_large)");
        addResponse(components, "NotAcceptable", "Unsupported API version in Accept (not_acceptable)");
        addResponse(components, "Conflict", "The resource is not in a state that allows this (conflict, …)");
        addResponse(components, "ServiceUnavailable", "A dependency is unavailable; try again later");
        addResponse(components, "InternalError", "Unexpected error (internal_error); no cause in the body");
        closeSchemas(components);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (UNTYPED_PATH_PREFIXES.stream().anyMatch(p -> (path + "/").startsWith(p))) {
                return;
            }
            // Versioning (Accept: application/json; version=N) applies under /api/ only.
            boolean versioned = path.startsWith("/api/");
            item.getOperations().values().forEach(operation -> addSharedResponses(operation, versioned));
        });
    }

    private static void addSharedResponses(Operation operation, boolean versioned) {
        var responses = operation.getResponses();
        if (versioned && responses.getAPIResponse("406") == null) {
            responses.addAPIResponse("406", OASFactory.createAPIResponse().ref("NotAcceptable"));
        }
        SHARED.forEach((status, ref) -> {
            var existing = responses.getAPIResponse(status);
            // A response without a body schema is SmallRye's default (e.g. its 400 for a request body): the real one
            // is the envelope.
            if (existing == null || (existing.getRef() == null && existing.getContent() == null)) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(ref));
            }
        });
        boolean secured = operation.getSecurity() != null
                && operation.getSecurity().stream().anyMatch(r -> r.hasScheme(IntegratorApi.SECURITY_SCHEME));
        if (operation.getRequestBody() != null && responses.getAPIResponse("413") == null) {
            responses.addAPIResponse("413", OASFactory.createAPIResponse().ref("PayloadTooLarge"));
        }
        if (secured && responses.getAPIResponse("401") == null) {
            responses.addAPIResponse("401", OASFactory.createAPIResponse().ref("Unauthorized"));
        }
    }

    private static void addResponse(Components components, String name, String description) {
        APIResponse response = OASFactory.createAPIResponse()
                .description(description)
                .content(OASFactory.createContent()
                        .addMediaType(
                                "application/json",
                                OASFactory.createMediaType()
                                        .schema(OASFactory.createSchema().ref(ERROR_SCHEMA))));
        components.addResponse(name, response);
    }

    /** {@code {error, message, details, timestamp, request_id}}: docs/API.md "Conventions". */
    private static Schema errorEnvelope() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("The error body of every 4xx/5xx")
                .addProperty(
                        "error",
                        string().description("Machine-readable code, e.g. validation_error")
                                .examples(List.of("validation_error")))
                .addProperty("message", string().description("What went wrong, for people"))
                .addProperty(
                        "details",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.OBJECT)
                                .additionalPropertiesBoolean(Boolean.TRUE)
                                .description("Per-field messages (validation_error) or facts of the error"))
                .addProperty("timestamp", string().format("date-time"))
                .addProperty(
                        "request_id",
                        string().addType(Schema.SchemaType.NULL).description("The X-Request-ID of the request"))
                .required(List.of("error", "message", "details", "timestamp", "request_id"))
                .additionalPropertiesBoolean(Boolean.FALSE)
                .examples(List.of(Map.of(
                        "error", "validation_error",
                        "message", "Invalid request data",
                        "details", Map.of("ehr_user_id", List.of("This field is required.")),
                        "timestamp", "2023-12-07T10:30:00Z",
                        "request_id", "req-12345-67890")));
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }

    private static void closeSchemas(Components components) {
        if (components.getSchemas() == null) {
            return;
        }
        for (Class<? extends Record> type : RESPONSE_BODIES) {
            close(components.getSchemas().get(type.getSimpleName()), type);
        }
        components.getSchemas().forEach((name, schema) -> {
            if (name.startsWith(Paged.class.getSimpleName())) {
                close(schema, Paged.class);
            }
        });
    }

    /** Lists the required properties and forbids others, after checking that the schema has exactly the record's. */
    private static void close(Schema schema, Class<? extends Record> type) {
        if (schema == null) {
            return; // not used by any operation of this build
        }
        Set<String> all = new LinkedHashSet<>();
        List<String> required = new ArrayList<>();
        collect(type, false, all, required);
        Set<String> documented = schema.getProperties() == null
                ? Set.of()
                : schema.getProperties().keySet();
        if (!documented.equals(all)) {
            throw new IllegalStateException("The schema of " + type.getName() + " has properties " + documented
                    + " but the record writes " + all);
        }
        schema.setRequired(required);
        schema.setAdditionalPropertiesBoolean(Boolean.FALSE);
    }

    private static void collect(Class<?> type, boolean optional, Set<String> all, List<String> required) {
        JsonInclude classInclude = type.getAnnotation(JsonInclude.class);
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getAccessor().isAnnotationPresent(JsonUnwrapped.class)
                    || fieldAnnotated(type, c, JsonUnwrapped.class)) {
                collect(c.getType(), true, all, required);
                continue;
            }
            String name = SNAKE.translate(c.getName());
            all.add(name);
            JsonInclude include = c.getAccessor().getAnnotation(JsonInclude.class);
            if (include == null) {
                include = fieldAnnotation(type, c, JsonInclude.class);
            }
            if (include == null) {
                include = classInclude;
            }
            var schema = fieldAnnotation(type, c, org.eclipse.microprofile.openapi.annotations.media.Schema.class);
            boolean omittable = include != null && include.value() != JsonInclude.Include.ALWAYS;
            if (!optional && (!omittable || (schema != null && schema.required()))) {
                required.add(name);
            }
        }
    }

    private static boolean fieldAnnotated(
            Class<?> type, RecordComponent c, Class<? extends java.lang.annotation.Annotation> a) {
        return fieldAnnotation(type, c, a) != null;
    }

    private static <A extends java.lang.annotation.Annotation> A fieldAnnotation(
            Class<?> type, RecordComponent c, Class<A> annotation) {
        try {
            return type.getDeclaredField(c.getName()).getAnnotation(annotation);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}
