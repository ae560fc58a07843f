package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Faults armed for the next calls: a Withings status (HTTP 200 envelope), an HTTP status, and/or latency. Data calls
 * and token calls have one slot each; arming a slot replaces what it held. Thread-safe.
 */
final class WithingsFaults {

    /** Which calls a fault applies to. */
    enum Target {
        /** {@code /measure}, {@code /v2/measure}, {@code /v2/heart}, {@code /v2/sleep}, {@code /v2/user}, {@code /notify}. */
        DATA,
        /** {@code /v2/oauth2}. */
        TOKEN
    }

    /**
     * One fault.
     *
     * @param status Withings status to answer instead of the result, 0 for none
     * @param httpStatus HTTP status to answer instead of the result, 0 for none
     * @param latencyMillis delay before answering
     * @param remaining calls left; negative means every call until cleared
     */
    record Fault(int status, int httpStatus, long latencyMillis, int remaining) {

        boolean isEmpty() {
            return status == 0 && httpStatus == 0 && latencyMillis <= 0;
        }

        /**
         * Reads {@code {"status":601,"count":2}}, {@code {"http_status":503}}, {@code {"latency_ms":300}} and
         * combinations; {@code count} defaults to 1, a negative count means until cleared.
         */
        static Fault fromJson(JsonNode json) {
            int status = json.path("status").asInt(0);
            int httpStatus = json.path("http_status").asInt(0);
            long latency = json.path("latency_ms").asLong(0);
            int count = json.path("count").asInt(1);
            if (status < 0
                    || (httpStatus != 0 && (httpStatus < 100 || httpStatus > 599))
                    || latency < 0
                    || count == 0) {
                throw new IllegalArgumentException(
                        "status >= 0, http_status within 100..599, latency_ms >= 0 and count != 0 are required");
            }
            Fault fault = new Fault(status, httpStatus, latency, count);
            if (fault.isEmpty()) {
                throw new IllegalArgumentException("a fault needs status, http_status or latency_ms");
            }
            return fault;
        }

        ObjectNode toJson() {
            ObjectNode node = WithingsJson.object();
            node.put("status", status);
            node.put("http_status", httpStatus);
            node.put("latency_ms", latencyMillis);
            node.put("count", remaining);
            return node;
        }
    }

    private final Map<Target, Fault> armed = new EnumMap<>(Target.class);

    synchronized void arm(Target target, Fault fault) {
        if (fault == null || fault.isEmpty()) {
            armed.remove(target);
        } else {
            armed.put(target, fault);
        }
    }

    /** The fault the current call must suffer, counting it off; empty when none is armed. */
    synchronized Optional<Fault> take(Target target) {
        Fault fault = armed.get(target);
        if (fault == null) {
            return Optional.empty();
        }
        if (fault.remaining() > 0) {
            int left = fault.remaining() - 1;
            if (left == 0) {
                armed.remove(target);
            } else {
                armed.put(target, new Fault(fault.status(), fault.httpStatus(), fault.latencyMillis(), left));
            }
        }
        return Optional.of(fault);
    }

    synchronized Map<Target, Fault> armed() {
        return Map.copyOf(armed);
    }

    synchronized void clear() {
        armed.clear();
    }
}
