package org.openhealthexchange.sandbox.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openhealthexchange.sandbox.SandboxRequests;

/**
 * Control of the random vendor faults ({@code /sandbox/faults}): {@code GET} shows rates, seed and what was injected;
 * {@code PUT} (or {@code POST}) {@code {"rate":0.2,"vendors":{"withings":0.3},"seed":7,"retry_after_seconds":1}} sets
 * them (omitted fields keep their value; {@code vendors} overrides the common rate per vendor) and restarts the
 * random sequences from the seed; {@code DELETE} turns every fault off.
 */
@Path("/sandbox/faults")
@Blocking
public class FaultsResource {

    @Inject
    FaultInjector injector;

    @GET
    public Response state() {
        VendorFaults faults = injector.faults();
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Double> rates = new LinkedHashMap<>();
        faults.settings().rates().forEach((v, r) -> rates.put(v.id(), r));
        body.put("vendors", rates);
        body.put("seed", faults.settings().seed());
        body.put("retry_after_seconds", faults.settings().retryAfterSeconds());
        body.put("calls", faults.calls());
        body.put("injected", faults.injected());
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    @PUT
    public Response set(String body) {
        JsonNode json = SandboxRequests.parseObject(body);
        if (json == null) {
            return bad("the body must be a JSON object");
        }
        VendorFaults faults = injector.faults();
        VendorFaults.Settings now = faults.settings();
        Map<FaultyVendor, Double> rates = new EnumMap<>(now.rates());
        try {
            if (json.has("rate")) {
                double rate = number(json.get("rate"), "rate");
                for (FaultyVendor v : FaultyVendor.values()) {
                    rates.put(v, rate);
                }
            }
            JsonNode vendors = json.path("vendors");
            if (!vendors.isMissingNode() && !vendors.isObject()) {
                return bad("vendors must be an object of vendor id to rate");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = vendors.fields(); it.hasNext(); ) {
                var e = it.next();
                FaultyVendor v = FaultyVendor.byId(e.getKey()).orElse(null);
                if (v == null) {
                    return bad("unknown vendor (withings, google-health, fitbit, calldoc)");
                }
                rates.put(v, number(e.getValue(), "vendors." + e.getKey()));
            }
            long seed = json.has("seed") ? (long) number(json.get("seed"), "seed") : now.seed();
            int wait = json.has("retry_after_seconds")
                    ? (int) number(json.get("retry_after_seconds"), "retry_after_seconds")
                    : now.retryAfterSeconds();
            faults.set(new VendorFaults.Settings(rates, seed, wait));
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        if (json.path("reset_counters").asBoolean(false)) {
            faults.resetCounters();
        }
        return state();
    }

    @POST
    public Response post(String body) {
        return set(body);
    }

    @DELETE
    public Response off() {
        VendorFaults faults = injector.faults();
        VendorFaults.Settings now = faults.settings();
        faults.set(VendorFaults.Settings.of(0.0, Map.of(), now.seed(), now.retryAfterSeconds()));
        return state();
    }

    private static double number(JsonNode n, String field) {
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return n.asDouble();
    }

    private static Response bad(String message) {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build();
    }
}
