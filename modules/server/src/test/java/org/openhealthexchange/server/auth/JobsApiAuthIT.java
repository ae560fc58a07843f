package org.openhealthexchange.server.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.jobs.JobQueueService;
import org.openhealthexchange.server.jobs.JobStatus;
import org.openhealthexchange.server.jobs.NewJob;
import org.openhealthexchange.server.testing.RecordingJobHandlers;
import org.openhealthexchange.server.testing.TestTokens;

/** Bearer-token authentication and ehr_user_id scoping on the jobs API, with this node's worker running jobs. */
@QuarkusTest
class JobsApiAuthIT {

    @Inject
    JobQueueService jobs;

    private long enqueue(String type, String ehrUserId) {
        return jobs.enqueue(NewJob.of(type, "{}").forUser("acme", ehrUserId, "ext-" + ehrUserId))
                .jobId();
    }

    private void awaitStatus(long id, JobStatus status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (jobs.queue().find(id).orElseThrow().status() != status) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + id + " never became " + status);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void requestsWithoutAValidBearerTokenAreRefusedWith401() {
        given().get("/api/base/jobs/?ehr_user_id=u1")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("unauthorized"));
        given().auth()
                .oauth2("not-a-jwt")
                .get("/api/base/jobs/?ehr_user_id=u1")
                .then()
                .statusCode(401)
                .body("error", equalTo("unauthorized"));
        given().auth()
                .oauth2(TestTokens.expired("u1"))
                .get("/api/base/jobs/?ehr_user_id=u1")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(TestTokens.signedByStranger("u1"))
                .get("/api/base/jobs/?ehr_user_id=u1")
                .then()
                .statusCode(401);
    }

    @Test
    void publicEndpointsNeedNoToken() {
        given().get("/api/base/providers/").then().statusCode(200);
        given().get("/api/metrics/live/").then().statusCode(200);
    }

    @Test
    void aTokenActsOnlyForTheUsersItsClaimGrants() throws Exception {
        long mine = enqueue("test.ok", "u-alice");
        long theirs = enqueue("test.ok", "u-bob");
        awaitStatus(mine, JobStatus.SUCCEEDED);
        String alice = TestTokens.forUsers("u-alice");

        given().auth()
                .oauth2(alice)
                .get("/api/base/jobs/?ehr_user_id=u-alice")
                .then()
                .statusCode(200)
                .body("results.id", hasItem((int) mine))
                .body("results.id", not(hasItem((int) theirs)))
                .body("results[0].ehr_user_id", equalTo("u-alice"));
        given().auth()
                .oauth2(alice)
                .get("/api/base/jobs/" + mine + "/")
                .then()
                .statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("attempts", equalTo(1));

        given().auth()
                .oauth2(alice)
                .get("/api/base/jobs/?ehr_user_id=u-bob")
                .then()
                .statusCode(403)
                .body("error", equalTo("forbidden"));
        given().auth().oauth2(alice).get("/api/base/jobs/").then().statusCode(403);
        given().auth()
                .oauth2(alice)
                .get("/api/base/jobs/" + theirs + "/")
                .then()
                .statusCode(404)
                .body("error", equalTo("not_found"));

        given().auth()
                .oauth2(TestTokens.forUsers("*"))
                .get("/api/base/jobs/?page_size=200")
                .then()
                .statusCode(200)
                .body("results.id", hasItem((int) theirs));
    }

    @Test
    void aDeadLetteredJobCanBeRetriedButOthersCannot() throws Exception {
        long dead = enqueue("test.refused", "u-carol");
        awaitStatus(dead, JobStatus.DEAD);
        String carol = TestTokens.forUsers("u-carol");
        given().auth()
                .oauth2(carol)
                .get("/api/base/jobs/?ehr_user_id=u-carol&status=dead")
                .then()
                .statusCode(200)
                .body("results.id", hasItem((int) dead));
        // The answer is the job as re-queued; a fast worker may already have run (and dead-lettered) it again by the
        // time it is read, so the proof of the retry is the second run below, not the status in this answer.
        given().auth()
                .oauth2(carol)
                .post("/api/base/jobs/" + dead + "/retry/")
                .then()
                .statusCode(200)
                .body("id", equalTo((int) dead));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (RecordingJobHandlers.RUNS.get(dead) == null
                || RecordingJobHandlers.RUNS.get(dead).get() < 2) {
            assertTrue(Instant.now().isBefore(deadline), "retried job never ran again");
            Thread.sleep(50);
        }
        awaitStatus(dead, JobStatus.DEAD);

        long ok = enqueue("test.ok", "u-carol");
        awaitStatus(ok, JobStatus.SUCCEEDED);
        given().auth()
                .oauth2(carol)
                .post("/api/base/jobs/" + ok + "/retry/")
                .then()
                .statusCode(409)
                .body("error", equalTo("conflict"));
    }

    @Test
    void badQueryParametersAnswer400() {
        String token = TestTokens.forUsers("*");
        given().auth()
                .oauth2(token)
                .get("/api/base/jobs/?status=bogus")
                .then()
                .statusCode(400)
                .body("error", equalTo("validation_error"))
                .body("details.status[0]", org.hamcrest.Matchers.containsString("bogus"));
        given().auth()
                .oauth2(token)
                .get("/api/base/jobs/?page=0")
                .then()
                .statusCode(400)
                .body("details.page[0]", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(token).get("/api/base/jobs/abc/").then().statusCode(400);
    }

    @Test
    void jobOutcomesAreCountedInTheSyncMetrics() throws Exception {
        awaitStatus(enqueue("test.ok", "u-dave"), JobStatus.SUCCEEDED);
        String metrics = given().get("/api/metrics/metrics/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(
                metrics.contains(
                        "ohe_sync_operations_total{operation_type=\"test.ok\",provider=\"acme\",status=\"success\",}"),
                metrics);
        assertTrue(
                metrics.contains(
                        "ohe_sync_duration_seconds_bucket{operation_type=\"test.ok\",provider=\"acme\",le=\"0.1\",}"),
                "histogram buckets");
    }
}
