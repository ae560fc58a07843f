package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.fhir.R4Validator;

/**
 * CallDoc → a stock HAPI FHIR JPA server through the seed's task API: appointments at CallDoc's exact instant on both
 * sides of a clock change, and a reschedule, a note, a completion, a cancellation and changed demographics arriving
 * as new versions of the same resources.
 */
@QuarkusTest
@TestProfile(HapiEhr.Profile.class)
class CallDocOnHapiIT {

    @BeforeEach
    void resetSandbox() {
        given().post("/sandbox/calldoc/reset").then().statusCode(204);
    }

    static JsonPath sync(String path, String body) throws InterruptedException {
        String task = given().contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("task_id");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(300)); // bounds the wait, measures nothing
        while (true) {
            JsonPath status = given().get("/api/sync/status/" + task)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (List.of("completed", "failed").contains(status.getString("status"))) {
                assertEquals(List.of(), status.getList("result.stats.errors"), status.prettify());
                return status;
            }
            assertTrue(Instant.now().isBefore(deadline), "task " + task + " never ended");
            Thread.sleep(100);
        }
    }

    static List<Map<String, Object>> appointments(String date) {
        return given().queryParam("from_date", date)
                .queryParam("to_date", date)
                .queryParam("appointment_type_id", 24)
                .get("/sandbox/calldoc/api/v1/frontend/appointment_search/")
                .jsonPath()
                .getList("data");
    }

    static <T extends Resource> T one(Class<T> type, String kind, Object id) {
        List<Resource> found = EhrClient.search(
                type.getSimpleName() + "?identifier=" + EhrClient.encode("urn:ohe:calldoc:" + kind + "|default:" + id));
        assertEquals(1, found.size(), () -> kind + " " + id + " once in the EHR, found " + found.size());
        var report = R4Validator.shared().validate(found.get(0));
        assertTrue(report.valid(), () -> kind + " " + id + ": " + report.errors());
        return type.cast(found.get(0));
    }

    @Test
    void aFullDayOnEachSideOfTheClockChangeArrivesAtCallDocsExactInstants() throws Exception {
        for (String date : List.of("2025-10-24", "2025-10-27")) {
            sync("/api/sync", "{\"date\":\"" + date + "\"}");
            List<Map<String, Object>> day = appointments(date);
            assertTrue(!day.isEmpty());
            for (Map<String, Object> a : day) {
                Appointment ehr = one(Appointment.class, "appointment", a.get("id"));
                assertEquals(
                        Instant.parse((String) a.get("scheduled_for_datetime")),
                        ehr.getStart().toInstant(),
                        "the EHR shows the time CallDoc booked");
                String patient = ehr.getParticipantFirstRep().getActor().getReference();
                assertEquals(
                        one(Patient.class, "patient", a.get("piz"))
                                .getIdElement()
                                .toUnqualifiedVersionless()
                                .getValue(),
                        patient,
                        "the appointment points at the practice's patient");
            }
        }
    }

    @Test
    void rescheduleNotesCompletionCancellationAndDemographicsBecomeNewVersionsOfTheSameResources() throws Exception {
        Map<String, Object> first = appointments("2025-11-04").get(0);
        Object id = first.get("id");
        Object piz = first.get("piz");
        String single = "{\"piz\":\"" + piz + "\",\"date\":\"2025-11-04\"}";
        sync("/api/sync/patient", single);
        Appointment v1 = one(Appointment.class, "appointment", id);

        given().body("{\"scheduled_for_datetime\":\"2025-11-04T14:30:00+01:00\",\"notes\":\"verschoben\"}")
                .post("/sandbox/calldoc/appointments/" + id)
                .then()
                .statusCode(204);
        given().body("{\"surname\":\"Neuname\"}")
                .post("/sandbox/calldoc/patients/" + piz)
                .then()
                .statusCode(204);
        sync("/api/sync/patient", single);
        Appointment moved = one(Appointment.class, "appointment", id);
        assertEquals(v1.getIdElement().getIdPart(), moved.getIdElement().getIdPart(), "the same Appointment");
        assertEquals(Instant.parse("2025-11-04T13:30:00Z"), moved.getStart().toInstant());
        assertEquals("verschoben", moved.getComment());
        assertTrue(Integer.parseInt(moved.getMeta().getVersionId())
                > Integer.parseInt(v1.getMeta().getVersionId()));
        assertEquals(
                "Neuname", one(Patient.class, "patient", piz).getNameFirstRep().getFamily());

        given().body("{\"status\":\"finished_final\"}")
                .post("/sandbox/calldoc/appointments/" + id)
                .then()
                .statusCode(204);
        sync("/api/sync/patient", single);
        assertEquals(
                Appointment.AppointmentStatus.FULFILLED,
                one(Appointment.class, "appointment", id).getStatus());

        given().body("{\"status\":\"canceled\"}")
                .post("/sandbox/calldoc/appointments/" + id)
                .then()
                .statusCode(204);
        sync("/api/sync", "{\"date\":\"2025-11-04\"}");
        Appointment cancelled = one(Appointment.class, "appointment", id);
        assertEquals(Appointment.AppointmentStatus.CANCELLED, cancelled.getStatus());
        assertEquals(v1.getIdElement().getIdPart(), cancelled.getIdElement().getIdPart());
    }
}
