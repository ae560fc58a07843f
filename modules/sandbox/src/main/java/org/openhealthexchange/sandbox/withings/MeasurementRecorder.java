package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.openhealthexchange.sandbox.withings.MeasureGroup.Measure;

/**
 * The simulator acting as the vendor toward the application: records a new measure group for a user (getmeas
 * returns it from then on) and sends the notification to the user's subscribed callbacks, as Withings would.
 * Accepts {@code {"type":"weight","value":72.4}} or {@code {"measures":[{"type":"systolic","value":128},…]}}, each
 * with an optional {@code timestamp} (epoch seconds or ISO-8601; default now). With {@code "grpid"} of a group the
 * user recorded, the group is edited instead (same grpid and date, new values), as a correction in the app.
 */
final class MeasurementRecorder {

    private final RecordedMeasures recorded;
    private final NotifyService notify;

    MeasurementRecorder(RecordedMeasures recorded, NotifyService notify) {
        this.recorded = recorded;
        this.notify = notify;
    }

    SimulatorReply record(String userid, JsonNode request, long now) {
        if (userid == null || userid.isBlank()) {
            return SimulatorReply.badRequest("a user id is required");
        }
        if (request == null || !request.isObject()) {
            return SimulatorReply.badRequest("a JSON object is required");
        }
        List<JsonNode> items = new ArrayList<>();
        if (request.has("measures")) {
            request.path("measures").forEach(items::add);
        } else {
            items.add(request);
        }
        if (items.isEmpty()) {
            return SimulatorReply.badRequest("no measures given");
        }
        List<Measure> measures = new ArrayList<>();
        SimulatedDevice device = null;
        Integer appli = null;
        for (JsonNode item : items) {
            var type = RecordableType.parse(item.path("type").asText(""));
            if (type.isEmpty()) {
                return SimulatorReply.badRequest("type must be one of " + RecordableType.names());
            }
            if (!item.path("value").isNumber()) {
                return SimulatorReply.badRequest("value must be a number");
            }
            if (appli != null && appli != type.get().appli()) {
                return SimulatorReply.badRequest("measures of one group must belong to one notification appli");
            }
            appli = type.get().appli();
            device = device == null ? type.get().device() : device;
            measures.add(Measure.of(
                    type.get().meastype(),
                    item.path("value").asDouble(),
                    type.get().unit()));
        }
        MeasureGroup group;
        if (request.has("grpid")) {
            var edited = recorded.correct(userid, request.path("grpid").asLong(), now, measures);
            if (edited.isEmpty()) {
                return SimulatorReply.json(
                        404, WithingsJson.object().put("error", "no recorded group with that grpid"));
            }
            group = edited.get();
        } else {
            long date;
            try {
                date = timestamp(request.get("timestamp"), now);
            } catch (IllegalArgumentException e) {
                return SimulatorReply.badRequest(e.getMessage());
            }
            group = recorded.record(userid, date, now, device, measures);
        }
        long date = group.date();
        var deliveries = notify.notifySubscribers(userid, appli, date, date + 1);
        ObjectNode reply = WithingsJson.object();
        reply.put("userid", userid);
        reply.put("appli", appli);
        reply.set("measuregrp", group.toJson(userid));
        var sent = reply.putArray("notifications");
        for (var d : deliveries) {
            ObjectNode n = sent.addObject();
            n.put("callbackurl", d.callbackurl());
            n.put("body", d.body());
            if (d.httpStatus() == null) {
                n.putNull("http_status");
            } else {
                n.put("http_status", d.httpStatus());
            }
            n.put("error", d.error());
        }
        return SimulatorReply.json(200, reply);
    }

    private static long timestamp(JsonNode value, long now) {
        if (value == null || value.isNull()) {
            return now;
        }
        long epoch;
        if (value.isNumber()) {
            epoch = value.asLong();
        } else {
            try {
                epoch = Instant.parse(value.asText()).getEpochSecond();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("timestamp must be epoch seconds or an ISO-8601 instant");
            }
        }
        if (epoch > now) {
            throw new IllegalArgumentException("timestamp must not be in the future");
        }
        return epoch;
    }
}
