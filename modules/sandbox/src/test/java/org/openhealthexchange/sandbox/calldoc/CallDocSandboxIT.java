package org.openhealthexchange.sandbox.calldoc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
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
        given().queryParam("from_date", "2025-10-06").queryParam("to_date", "2025-10-06")
                .queryParam("appointment_type_id", 24).get(API + "appointment_search/")
                .then().statusCode(200).body("count", equalTo(12)).body("data.piz", hasItem("1698369"));
        given().queryParam("from_date", "2025-12-31").queryParam("to_date", "2025-12-31")
                .queryParam("appointment_type_id", 24).get(API + "appointment_search/")
                .then().statusCode(200).body("count", equalTo(0));
        given().queryParam("piz", "1698369").get(API + "patient_search/")
                .then().statusCode(200).body("count", equalTo(1)).body("data[0].piz", equalTo("1698369"));
        given().queryParam("piz", "9999999").get(API + "patient_search/")
                .then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void changesVolumeAndFaultsThroughTheControlEndpoints() {
        long id = CallDocData.appointmentId(java.time.LocalDate.of(2025, 10, 6), 24, 0);
        given().body("{\"notes\":\"verschoben\"}").post("/sandbox/calldoc/appointments/" + id)
                .then().statusCode(204);
        given().body("{\"appointments_per_day\":1000}").post("/sandbox/calldoc/settings").then().statusCode(204);
        given().queryParam("from_date", "2025-10-06").queryParam("to_date", "2025-10-06")
                .queryParam("appointment_type_id", 24).get(API + "appointment_search/")
                .then().statusCode(200).body("count", equalTo(1000)).body("data[0].notes", equalTo("verschoben"));

        given().body("{\"http_status\":503,\"count\":1}").post("/sandbox/calldoc/faults").then().statusCode(204);
        given().queryParam("piz", "1698369").get(API + "patient_search/").then().statusCode(503);
        given().queryParam("piz", "1698369").get(API + "patient_search/").then().statusCode(200);
        given().get("/sandbox/calldoc/stats").then().body("patient_searches", equalTo(2));
    }
}
