package org.openhealthexchange.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The OpenAPI document as a contract to check answers against: finds the operation of a request, tells whether a
 * status is documented, and validates a JSON body against the documented schema. The checker covers what the
 * document uses: {@code $ref}, {@code type} (also as a list, OpenAPI 3.1), {@code properties}, {@code required},
 * {@code additionalProperties}, {@code items}, {@code enum}, {@code allOf/anyOf/oneOf} and the {@code date-time}
 * format.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final JsonNode document;

    public OpenApiContract(String document) {
        try {
            this.document = JSON.readTree(document);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("The OpenAPI document is not JSON", e);
        }
    }

    /** An operation of the document: its path template, method and object. */
    public record Op(String path, String method, JsonNode node) {
        public String id() {
            return node.path("operationId").asText(method + " " + path);
        }
    }

    /** The operation that serves {@code method path} (a literal path segment wins over a template). */
    public Optional<Op> operation(String method, String requestPath) {
        String path = requestPath.replaceAll("\\?.*$", "");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Op best = null;
        int bestTemplates = Integer.MAX_VALUE;
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            var entry = it.next();
            String template = entry.getKey();
            String regex = "\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E";
            JsonNode op = entry.getValue().get(method.toLowerCase());
            if (op == null || !Pattern.matches(regex, path)) {
                continue;
            }
            int templates = template.split("\\{", -1).length - 1;
            if (templates < bestTemplates) {
                best = new Op(template, method.toLowerCase(), op);
                bestTemplates = templates;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every operation of the document. */
    public List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        document.path("paths")
                .fields()
                .forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
                    if (List.of("get", "put", "post", "delete", "head", "patch", "options")
                            .contains(m.getKey())) {
                        ops.add(new Op(p.getKey(), m.getKey(), m.getValue()));
                    }
                }));
        return ops;
    }

    /** The documented response of a status, {@code $ref}s resolved; empty when the status is not documented. */
    public Optional<JsonNode> response(Op op, int status) {
        JsonNode r = op.node().path("responses").get(Integer.toString(status));
        if (r == null) {
            r = op.node().path("responses").get("default");
        }
        return Optional.ofNullable(r).map(this::resolve);
    }

    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 20; hops++) {
            current = pointer(current.get("$ref").asText());
        }
        return current;
    }

    private JsonNode pointer(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("Only local $refs are expected: " + ref);
        }
        JsonNode target = document.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalStateException("Dangling $ref " + ref);
        }
        return target;
    }

    /**
     * What is wrong with an answer to {@code method path}: an undocumented status or content type, or a JSON body
     * that does not validate; empty when the document describes it.
     */
    public List<String> check(String method, String path, int status, String contentType, String body) {
        String call = method + " " + path + " → " + status;
        var op = operation(method, path);
        if (op.isEmpty()) {
            return List.of(call + ": no operation in the document");
        }
        var documented = response(op.get(), status);
        if (documented.isEmpty()) {
            return List.of(call + ": status not documented for " + op.get().id());
        }
        if (body == null || body.isEmpty() || "HEAD".equals(method)) {
            return List.of();
        }
        String mediaType = contentType.replaceAll(";.*$", "").trim();
        JsonNode media = documented.get().path("content").get(mediaType);
        if (media == null) {
            return List.of(call + ": content type " + mediaType + " not documented for "
                    + op.get().id());
        }
        if (!mediaType.equals("application/json")) {
            return List.of();
        }
        if (media.get("schema") == null) {
            return List.of(call + ": no schema documented");
        }
        try {
            return validate(media.get("schema"), JSON.readTree(body)).stream()
                    .map(e -> call + ": " + e)
                    .toList();
        } catch (java.io.IOException e) {
            return List.of(call + ": the body is not JSON: " + body);
        }
    }

    /** The violations of {@code value} against {@code schema}, each with its JSON pointer; empty when it conforms. */
    public List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        validate(schema, value, "", errors);
        return errors;
    }

    private void validate(JsonNode schemaOrRef, JsonNode value, String at, List<String> errors) {
        JsonNode schema = resolve(schemaOrRef);
        String where = at.isEmpty() ? "/" : at;
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            errors.add(where + ": " + describe(value) + " is not of type " + schema.get("type"));
            return;
        }
        if (schema.has("enum") && !value.isNull()) {
            boolean found = false;
            for (JsonNode allowed : schema.get("enum")) {
                found |= allowed.equals(value);
            }
            if (!found) {
                errors.add(where + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if ("date-time".equals(schema.path("format").asText()) && value.isTextual()) {
            try {
                OffsetDateTime.parse(value.asText());
            } catch (DateTimeParseException e) {
                errors.add(where + ": '" + value.asText() + "' is not an RFC 3339 date-time");
            }
        }
        for (JsonNode sub : schema.path("allOf")) {
            validate(sub, value, at, errors);
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                int matches = 0;
                for (JsonNode sub : schema.get(combinator)) {
                    matches += validate(sub, value).isEmpty() ? 1 : 0;
                }
                if (matches == 0 || ("oneOf".equals(combinator) && matches > 1)) {
                    errors.add(where + ": matches " + matches + " of the " + combinator + " schemas");
                }
            }
        }
        if (value.isObject()) {
            for (JsonNode name : schema.path("required")) {
                if (!value.has(name.asText())) {
                    errors.add(where + ": required property '" + name.asText() + "' is missing");
                }
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            value.fields().forEachRemaining(f -> {
                String child = at + "/" + f.getKey();
                if (properties.has(f.getKey())) {
                    validate(properties.get(f.getKey()), f.getValue(), child, errors);
                } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                    errors.add(where + ": property '" + f.getKey() + "' is not documented");
                } else if (additional != null && additional.isObject()) {
                    validate(additional, f.getValue(), child, errors);
                }
            });
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), at + "/" + i, errors);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("Unknown schema type " + type);
        };
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
