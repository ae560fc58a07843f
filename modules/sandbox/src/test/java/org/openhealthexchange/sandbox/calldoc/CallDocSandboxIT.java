package org.openhealthexchange.sandbox.calldoc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CallDocSandboxIT {

    private static final String API = "/sandbox/calldoc/api/v1/frontend/";

    @AfterEach
    void reset() {
        given().post("/sandbox/calldoc/reset").then().statusCode(204);
    }

    @Test
    void appointmentAndPatientSearchOnCallDocsPaths() {
        given().queryParam("from_date", "2025-10-06")
                .queryParam("to_date", "2025-10-06")
                .queryParam("appointment_type_id", 24)
                .get(API + "appointment_search/")
                .then()
                .statusCode(200)
                .body("count", equalTo(12))
                .body("data.piz", hasItem("1698369"));
        given().queryParam("from_date", "2025-12-31")
                .queryParam("to_date", "2025-12-31")
                .queryParam("appointment_type_id", 24)
                .get(API + "appointment_search/")
                .then()
                .statusCode(200)
                .body("count", equalTo(0));
        given().queryParam("piz", "1698369")
                .get(API + "patient_search/")
                .then()
                .statusCode(200)
                .body("count", equalTo(1))
                .body("data[0].piz", equalTo("1698369"));
        given().queryParam("piz", "9999999")
                .get(API + "patient_search/")
                .then()
                .statusCode(200)
                .body("count", equalTo(0));
    }

    @Test
    void changesVolumeAndFaultsThroughTheControlEndpoints() {
        long id = CallDocData.appointmentId(java.time.LocalDate.of(2025, 10, 6), 24, 0);
        given().body("{\"notes\":\"verschoben\"}")
                .post("/sandbox/calldoc/appointments/" + id)
                .then()
                .statusCode(204);
        given().body("{\"appointments_per_day\":1000}")
                .post("/sandbox/calldoc/settings")
                .then()
                .statusCode(204);
        given().queryParam("from_date", "2025-10-06")
                .queryParam("to_date", "2025-10-06")
                .queryParam("appointment_type_id", 24)
                .get(API + "appointment_search/")
                .then()
                .statusCode(200)
                .body("count", equalTo(1000))
                .body("data[0].notes", equalTo("verschoben"));

        given().body("{\"http_status\":503,\"count\":1}")
                .post("/sandbox/calldoc/faults")
                .then()
                .statusCode(204);
        given().queryParam("piz", "1698369").get(API + "patient_search/").then().statusCode(503);
        given().queryParam("piz", "1698369").get(API + "patient_search/").then().statusCode(200);
        given().get("/sandbox/calldoc/stats").then().body("patient_searches", equalTo(2));
    }

    private static final String CONTROL = "/sandbox/calldoc/";

    private static io.restassured.response.ValidatableResponse day(String date, String... status) {
        var request = given().queryParam("from_date", date)
                .queryParam("to_date", date)
                .queryParam("appointment_type_id", 24);
        if (status.length > 0) {
            request = request.queryParam("status", status[0]);
        }
        return request.get(API + "appointment_search/").then().statusCode(200);
    }

    @Test
    void anAppointmentIsRescheduledAnnotatedCompletedAndCanceledAsCallDocWouldList() {
        long id = CallDocData.appointmentId(java.time.LocalDate.of(2025, 10, 6), 24, 0);
        given().body("{\"scheduled_for_datetime\":\"2025-10-06T16:45:00Z\",\"notes\":\"verschoben\","
                        + "\"duration\":60}")
                .post(CONTROL + "appointments/" + id)
                .then()
                .statusCode(204);

        day("2025-10-06")
                .body("count", equalTo(12))
                .body("data[11].id", equalTo(id))
                .body("data[11].scheduled_for_datetime", equalTo("2025-10-06T16:45:00Z"))
                .body("data[11].notes", equalTo("verschoben"))
                .body("data[11].duration", equalTo(60))
                .body("data[11].piz", equalTo("1698369"));

        given().body("{\"status\":\"finished_final\"}")
                .post(CONTROL + "appointments/" + id)
                .then()
                .statusCode(204);
        given().get(CONTROL + "appointments/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("finished_final"))
                .body("notes", equalTo("verschoben"));

        given().body("{\"status\":\"canceled\",\"notes\":null}")
                .post(CONTROL + "appointments/" + id)
                .then()
                .statusCode(204);
        day("2025-10-06", "canceled")
                .body("data.id", hasItem(id))
                .body("data.find { it.id == " + id + " }.notes", nullValue());
        given().get("/sandbox/calldoc/stats").then().body("changed_appointments", equalTo(1));
    }

    @Test
    void anAppointmentRescheduledToAnotherDayMovesThere() {
        long id = CallDocData.appointmentId(java.time.LocalDate.of(2025, 10, 6), 24, 0);
        // 09:30 in Berlin on Monday 2025-10-27, the first working day of winter time.
        given().body("{\"scheduled_for_datetime\":\"2025-10-27T09:30:00+01:00\"}")
                .post(CONTROL + "appointments/" + id)
                .then()
                .statusCode(204);

        day("2025-10-06").body("count", equalTo(11)).body("data.id", not(hasItem(id)));
        day("2025-10-27")
                .body("count", equalTo(13))
                .body("data.id", hasItem(id))
                .body("data.find { it.id == " + id + " }.scheduled_for_datetime", equalTo("2025-10-27T09:30:00+01:00"));
        given().queryParam("from_date", "2025-10-20")
                .queryParam("to_date", "2025-10-31")
                .queryParam("appointment_type_id", 24)
                .get(API + "appointment_search/")
                .then()
                .statusCode(200)
                .body("data.id", hasItem(id));
    }

    @Test
    void changesCallDocCouldNotMakeAreRefusedAndUnknownAppointmentsAreNotFound() {
        long id = CallDocData.appointmentId(java.time.LocalDate.of(2025, 10, 6), 24, 0);
        for (String body : new String[] {
            "{\"status\":\"cancelled\"}",
            "{\"note\":\"x\"}",
            "{\"piz\":\"1\"}",
            "{\"scheduled_for_datetime\":\"06.10.2025 08:30\"}",
            "{\"duration\":0}",
            "{}",
            "not json"
        }) {
            given().body(body)
                    .post(CONTROL + "appointments/" + id)
                    .then()
                    .statusCode(400)
                    .body("detail", notNullValue());
        }
        long missing = CallDocData.appointmentId(java.time.LocalDate.of(2025, 10, 6), 24, 12);
        given().body("{\"notes\":\"x\"}")
                .post(CONTROL + "appointments/" + missing)
                .then()
                .statusCode(404);
        given().get(CONTROL + "appointments/" + missing).then().statusCode(404);
        given().get("/sandbox/calldoc/stats").then().body("changed_appointments", equalTo(0));
    }

    @Test
    void aPatientsDemographicsChangeUntilReset() {
        given().body("{\"surname\":\"Umgezogen\",\"city_code\":\"20095\",\"city\":\"Hamburg\","
                        + "\"phones\":[\"040 1234567\"],\"gender\":2,\"date_of_birth\":\"1951-03-14\"}")
                .post(CONTROL + "patients/1698369")
                .then()
                .statusCode(204);

        given().queryParam("piz", "1698369")
                .get(API + "patient_search/")
                .then()
                .statusCode(200)
                .body("data[0].piz", equalTo("1698369"))
                .body("data[0].surname", equalTo("Umgezogen"))
                .body("data[0].city", equalTo("Hamburg"))
                .body("data[0].phones", equalTo(List.of("040 1234567")))
                .body("data[0].gender", equalTo("2"))
                .body("data[0].date_of_birth", equalTo("1951-03-14"))
                .body("data[0].name", notNullValue());
        given().body("{\"gender\":\"m\"}")
                .post(CONTROL + "patients/1698369")
                .then()
                .statusCode(400);
        given().body("{\"piz\":\"1\"}")
                .post(CONTROL + "patients/1698369")
                .then()
                .statusCode(400);
        given().body("{\"surname\":\"X\"}")
                .post(CONTROL + "patients/9999999")
                .then()
                .statusCode(404);
        given().get("/sandbox/calldoc/stats").then().body("changed_patients", equalTo(1));

        given().post("/sandbox/calldoc/reset").then().statusCode(204);
        given().queryParam("piz", "1698369")
                .get(API + "patient_search/")
                .then()
                .body("data[0].surname", not(equalTo("Umgezogen")));
    }
}
