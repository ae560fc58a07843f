package org.openhealthexchange.sandbox.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR search over the stored resources, shared by the REST search, conditional create ({@code If-None-Exist},
 * {@code ifNoneExist}) and conditional references. Supported parameters: {@code _id} and {@code identifier} on every
 * type; Observation {@code subject}, {@code patient}, {@code code}, {@code category}, {@code status}, {@code date};
 * Device {@code patient}; Appointment {@code patient}, {@code actor}, {@code status}, {@code date}. Reference
 * parameters take {@code Type/id} or {@code id}, a {@code :Type} modifier and the {@code .identifier} chain. Repeated
 * parameters are ANDed, comma-separated values ORed. Other names (except {@code _}-prefixed result parameters) are
 * rejected with 400.
 */
final class FhirSearch {

    /** Looks a stored resource up by type and id (for chained reference parameters). */
    interface Lookup extends BiFunction<String, String, Optional<Resource>> {}

    private FhirSearch() {}

    /** {@code identifier=a|b&date=ge2024} (an optional {@code Type?} prefix is dropped) as decoded name → values. */
    static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query == null) {
            return params;
        }
        String q = query.contains("?") ? query.substring(query.indexOf('?') + 1) : query;
        for (String pair : q.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** Request parameters as HAPI hands them over. */
    static Map<String, List<String>> of(Map<String, String[]> raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        raw.forEach((name, values) -> params.put(name, List.of(values)));
        return params;
    }

    /** Rejects parameters the type does not support, before any matching. */
    static void checkSupported(String type, Map<String, List<String>> params) {
        for (String name : params.keySet()) {
            String base = baseName(name);
            if (base.startsWith("_") && !"_id".equals(base)) {
                continue;
            }
            if (!supports(type, base)) {
                throw new InvalidRequestException("Unknown search parameter '" + name + "' for resource type " + type);
            }
        }
    }

    static boolean matches(Resource resource, Map<String, List<String>> params, Lookup lookup) {
        for (var entry : params.entrySet()) {
            String base = baseName(entry.getKey());
            if (base.startsWith("_") && !"_id".equals(base)) {
                continue;
            }
            for (String value : entry.getValue()) {
                boolean any = false;
                for (String alternative : value.split(",")) {
                    if (matchesOne(resource, entry.getKey(), alternative, lookup)) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean supports(String type, String name) {
        return switch (name) {
            case "_id", "identifier" -> true;
            case "subject", "code", "category" -> "Observation".equals(type);
            case "status", "date" -> "Observation".equals(type) || "Appointment".equals(type);
            case "patient" -> !"Patient".equals(type);
            case "actor" -> "Appointment".equals(type);
            default -> false;
        };
    }

    private static String baseName(String name) {
        int cut = name.length();
        for (char c : new char[] {':', '.'}) {
            int at = name.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return name.substring(0, cut);
    }

    private static boolean matchesOne(Resource resource, String name, String value, Lookup lookup) {
        String base = baseName(name);
        return switch (base) {
            case "_id" -> value.equals(resource.getIdElement().getIdPart());
            case "identifier" -> identifiers(resource).stream()
                    .anyMatch(i -> tokenMatches(value, i.getSystem(), i.getValue()));
            case "code" -> codingMatches(((Observation) resource).getCode(), value);
            case "category" -> ((Observation) resource).getCategory().stream().anyMatch(c -> codingMatches(c, value));
            case "status" -> value.equals(status(resource));
            case "date" -> dateMatches(resource, value);
            default -> references(resource, base).stream().anyMatch(r -> referenceMatches(r, name, value, lookup));
        };
    }

    static List<Identifier> identifiers(Resource resource) {
        return switch (resource.fhirType()) {
            case "Patient" -> ((org.hl7.fhir.r4.model.Patient) resource).getIdentifier();
            case "Observation" -> ((Observation) resource).getIdentifier();
            case "Device" -> ((Device) resource).getIdentifier();
            case "Appointment" -> ((Appointment) resource).getIdentifier();
            default -> List.of();
        };
    }

    private static String status(Resource resource) {
        if (resource instanceof Observation o) {
            return o.hasStatus() ? o.getStatus().toCode() : null;
        }
        return resource instanceof Appointment a && a.hasStatus()
                ? a.getStatus().toCode()
                : null;
    }

    private static List<Reference> references(Resource resource, String param) {
        List<Reference> refs = new ArrayList<>();
        if (resource instanceof Observation o && ("subject".equals(param) || "patient".equals(param))) {
            refs.add(o.getSubject());
        } else if (resource instanceof Device d && "patient".equals(param)) {
            refs.add(d.getPatient());
        } else if (resource instanceof Appointment a) {
            a.getParticipant().forEach(p -> refs.add(p.getActor()));
        }
        if ("patient".equals(param)) {
            refs.removeIf(r -> !r.hasReference() && !r.hasIdentifier()
                    || r.hasReference() && !r.getReference().startsWith("Patient/"));
        }
        return refs;
    }

    private static boolean referenceMatches(Reference ref, String name, String value, Lookup lookup) {
        int dot = name.indexOf('.');
        if (dot >= 0) {
            String chain = name.substring(dot + 1);
            if (!"identifier".equals(chain)) {
                throw new InvalidRequestException("Only the .identifier chain is supported, not " + name);
            }
            if (ref.hasIdentifier()
                    && tokenMatches(
                            value,
                            ref.getIdentifier().getSystem(),
                            ref.getIdentifier().getValue())) {
                return true;
            }
            if (!ref.hasReference()) {
                return false;
            }
            var id = new org.hl7.fhir.r4.model.IdType(ref.getReference());
            return lookup.apply(id.getResourceType(), id.getIdPart())
                    .map(target -> identifiers(target).stream()
                            .anyMatch(i -> tokenMatches(value, i.getSystem(), i.getValue())))
                    .orElse(false);
        }
        if (!ref.hasReference()) {
            return false;
        }
        var stored = new org.hl7.fhir.r4.model.IdType(ref.getReference());
        int colon = name.indexOf(':');
        String wantedType = colon >= 0 ? name.substring(colon + 1) : "patient".equals(name) ? "Patient" : null;
        String wanted = value;
        if (wanted.startsWith("http://") || wanted.startsWith("https://")) {
            var absolute = new org.hl7.fhir.r4.model.IdType(wanted);
            wanted = absolute.getResourceType() + "/" + absolute.getIdPart();
        }
        if (wanted.contains("/")) {
            var w = new org.hl7.fhir.r4.model.IdType(wanted);
            wantedType = w.getResourceType();
            wanted = w.getIdPart();
        }
        return wanted.equals(stored.getIdPart()) && (wantedType == null || wantedType.equals(stored.getResourceType()));
    }

    /** Token semantics: {@code system|code}, {@code |code} (no system), {@code system|} (any code), {@code code}. */
    static boolean tokenMatches(String token, String system, String code) {
        int bar = token.indexOf('|');
        if (bar < 0) {
            return token.equals(code);
        }
        String wantedSystem = token.substring(0, bar);
        String wantedCode = token.substring(bar + 1);
        boolean systemOk = wantedSystem.isEmpty() ? system == null || system.isEmpty() : wantedSystem.equals(system);
        return systemOk && (wantedCode.isEmpty() || wantedCode.equals(code));
    }

    private static boolean codingMatches(CodeableConcept concept, String token) {
        for (Coding coding : concept.getCoding()) {
            if (tokenMatches(token, coding.getSystem(), coding.getCode())) {
                return true;
            }
        }
        return false;
    }

    private static boolean dateMatches(Resource resource, String value) {
        Date[] range = resourceRange(resource);
        if (range == null) {
            return false;
        }
        DateParam param;
        try {
            param = new DateParam(value);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Invalid date parameter: " + value);
        }
        if (param.getValue() == null) {
            throw new InvalidRequestException("Invalid date parameter: " + value);
        }
        long lo = param.getValue().getTime();
        long hi = param.getPrecision().add(param.getValue(), 1).getTime();
        long start = range[0] == null ? Long.MIN_VALUE : range[0].getTime();
        long end = range[1] == null ? Long.MAX_VALUE : range[1].getTime();
        ParamPrefixEnum prefix = param.getPrefix() == null ? ParamPrefixEnum.EQUAL : param.getPrefix();
        return switch (prefix) {
            case GREATERTHAN_OR_EQUALS -> end > lo;
            case GREATERTHAN, STARTS_AFTER -> end > hi;
            case LESSTHAN_OR_EQUALS -> start < hi;
            case LESSTHAN, ENDS_BEFORE -> start < lo;
            case NOT_EQUAL -> !(start < hi && end > lo);
            default -> start < hi && end > lo;
        };
    }

    /** [start, end) of the resource's clinically relevant time, or null when it has none. */
    private static Date[] resourceRange(Resource resource) {
        if (resource instanceof Observation o && o.hasEffective()) {
            if (o.getEffective() instanceof BaseDateTimeType dt && dt.getValue() != null) {
                return new Date[] {dt.getValue(), precisionEnd(dt)};
            }
            if (o.getEffective() instanceof Period p) {
                return new Date[] {p.getStart(), p.getEnd()};
            }
        }
        if (resource instanceof Appointment a && a.hasStart()) {
            return new Date[] {
                a.getStart(), a.hasEnd() ? a.getEnd() : new Date(a.getStart().getTime() + 1)
            };
        }
        return null;
    }

    private static Date precisionEnd(BaseDateTimeType value) {
        TemporalPrecisionEnum precision = value.getPrecision();
        return precision == null ? new Date(value.getValue().getTime() + 1) : precision.add(value.getValue(), 1);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
