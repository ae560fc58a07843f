package org.openhealthexchange.sandbox.calldoc;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import org.openhealthexchange.sandbox.SandboxRequests;

/**
 * The CallDoc simulator on CallDoc's own paths under {@code /sandbox/calldoc/api/v1/frontend/}, plus control
 * endpoints to change an appointment or a patient, set the daily volume and arm faults.
 */
@Path("/sandbox/calldoc")
@Blocking
public class CallDocResource {

    @Inject
    CallDocSimulator simulator;

    @GET
    @Path("api/v1/frontend/appointment_search/")
    public Response appointmentSearch(
            @QueryParam("from_date") String from,
            @QueryParam("to_date") String to,
            @QueryParam("appointment_type_id") String type,
            @QueryParam("status") String status) {
        simulator.asked(true);
        return faulted(() -> {
            try {
                LocalDate fromDate = LocalDate.parse(from);
                LocalDate toDate = to == null ? fromDate : LocalDate.parse(to);
                int typeId = type == null ? 24 : Integer.parseInt(type);
                if (toDate.isBefore(fromDate) || toDate.isAfter(fromDate.plusDays(31))) {
                    return error(400, "to_date must be within 31 days after from_date");
                }
                return json(200, simulator.appointmentSearch(fromDate, toDate, typeId, status));
            } catch (DateTimeParseException | NumberFormatException | NullPointerException e) {
                return error(400, "from_date, to_date (YYYY-MM-DD) and a numeric appointment_type_id are required");
            }
        });
    }

    @GET
    @Path("api/v1/frontend/patient_search/")
    public Response patientSearch(@QueryParam("piz") String piz) {
        simulator.asked(false);
        return faulted(() -> json(200, simulator.patientSearch(piz)));
    }

    /**
     * Control: change one appointment as CallDoc staff would, e.g. {@code {"scheduled_for_datetime":
     * "2025-10-07T09:00:00Z"}} (reschedule, also to another day), {@code {"notes":"…"}}, {@code {"status":"canceled"}}
     * or {@code {"status":"finished_final"}}; fields merge into earlier changes. 204, 404 for an appointment the
     * practice does not have, 400 for a field or value CallDoc does not know.
     */
    @POST
    @Path("appointments/{id}")
    public Response changeAppointment(@PathParam("id") long id, String body) {
        return changed(() -> simulator.changeAppointment(id, SandboxRequests.parse(body)), "no appointment " + id);
    }

    /** Control: the appointment as {@code appointment_search} lists it now, or 404. */
    @GET
    @Path("appointments/{id}")
    public Response appointment(@PathParam("id") long id) {
        return simulator.appointment(id).map(a -> json(200, a)).orElseGet(() -> error(404, "no appointment " + id));
    }

    /**
     * Control: change a patient's demographics, e.g. {@code {"surname":"Neu","city":"Hamburg","phones":["040 1"]}};
     * merged like appointment changes. 204, 404 for a piz CallDoc does not know, 400 for an unknown field or value.
     */
    @POST
    @Path("patients/{piz}")
    public Response changePatient(@PathParam("piz") String piz, String body) {
        return changed(() -> simulator.changePatient(piz, SandboxRequests.parse(body)), "no patient " + piz);
    }

    private static Response changed(java.util.function.BooleanSupplier change, String notFound) {
        try {
            return change.getAsBoolean() ? Response.noContent().build() : error(404, notFound);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    /** Control: {@code {"appointments_per_day":1000}}. */
    @POST
    @Path("settings")
    public Response settings(String body) {
        JsonNode json = SandboxRequests.parse(body);
        int perDay = json == null ? -1 : json.path("appointments_per_day").asInt(-1);
        if (perDay < 0 || perDay > 9_999) {
            return error(400, "appointments_per_day within 0..9999 is required");
        }
        simulator.setAppointmentsPerDay(perDay);
        return Response.noContent().build();
    }

    /** Control: {@code {"http_status":503,"latency_ms":100,"count":2}}; count defaults to 1, negative = until cleared. */
    @POST
    @Path("faults")
    public Response armFault(String body) {
        JsonNode json = SandboxRequests.parse(body);
        if (json == null) {
            return error(400, "the body must be JSON");
        }
        int status = json.path("http_status").asInt(0);
        long latency = json.path("latency_ms").asLong(0);
        int count = json.path("count").asInt(1);
        if ((status != 0 && (status < 400 || status > 599))
                || latency < 0
                || count == 0
                || (status == 0 && latency == 0)) {
            return error(400, "http_status within 400..599 and/or latency_ms > 0, count != 0");
        }
        simulator.arm(new CallDocSimulator.Fault(status, latency, count));
        return Response.noContent().build();
    }

    @DELETE
    @Path("faults")
    public Response clearFaults() {
        simulator.arm(null);
        return Response.noContent().build();
    }

    @GET
    @Path("stats")
    public Response stats() {
        return json(200, simulator.stats());
    }

    @POST
    @Path("reset")
    public Response reset() {
        simulator.reset();
        return Response.noContent().build();
    }

    private Response faulted(Supplier<Response> answer) {
        CallDocSimulator.Fault fault = simulator.takeFault();
        if (fault != null) {
            if (fault.latencyMillis() > 0) {
                try {
                    Thread.sleep(fault.latencyMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (fault.httpStatus() != 0) {
                return error(fault.httpStatus(), "simulated fault");
            }
        }
        return answer.get();
    }

    private static Response json(int status, Object body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(body.toString())
                .build();
    }

    private static Response error(int status, String message) {
        return json(status, CallDocData.JSON.createObjectNode().put("detail", message));
    }
}
