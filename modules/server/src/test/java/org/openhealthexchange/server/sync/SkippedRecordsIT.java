package org.openhealthexchange.server.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.connections.ConnectionCursors;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.testing.FakeAdapters;
import org.openhealthexchange.server.testing.FakeAdaptersProfile;
import org.openhealthexchange.server.testing.TestTokens;

/**
 * A vendor value no sink can represent is skipped visibly: the window still completes, publishes what maps, counts
 * and names the skipped record in the sync status and the metrics, and the cursor moves on.
 */
@QuarkusTest
@TestProfile(FakeAdaptersProfile.class)
class SkippedRecordsIT {

    @Inject
    SyncScheduler scheduler;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ConnectionCursors cursors;

    @Test
    void anUnmappableRecordIsCountedAndNamedAndNeverFailsItsWindow() throws Exception {
        String user = FakeAdapters.Acme.MIXED_USER;
        ProviderConnection link = QuarkusTransaction.requiringNew().call(() -> {
            ProviderConnection l = new ProviderConnection();
            l.provider = "acme";
            l.ehrUserId = user;
            l.externalUserId = "acme-account-1";
            l.linkedAt = Instant.now();
            l.updatedAt = l.linkedAt;
            l.persist();
            return l;
        });
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        scheduler.daily(); // an incremental schedule run: the one that keeps a cursor
        org.openhealthexchange.server.e2e.E2eAccess.awaitQuiet(dataSource);

        given().auth()
                .oauth2(TestTokens.forUsers(user))
                .get("/api/base/sync/status/?ehr_user_id=" + user + "&provider=acme")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("records_synced", equalTo(1))
                .body("records_skipped", equalTo(1))
                .body("skipped", contains(containsString("mystery-1: no FHIR code for metric 'mystery_index'")))
                .body("errors.size()", equalTo(0));
        assertEquals(
                java.util.Optional.of("acme-cursor-after-" + end.getEpochSecond()), cursors.adapterCursor(link.id));
        // each data type of the run is synced up to the window's end (its stream in connection_cursor)
        for (String stream : java.util.List.of("heart_rate", "steps")) {
            assertEquals(end, cursors.get(link.id, stream).orElseThrow().windowEnd(), stream);
        }
        String metrics = given().get("/api/metrics/metrics/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(
                java.util.List.of("1.0"),
                metrics.lines()
                        .filter(l -> l.startsWith("ohe_records_skipped_total{")
                                && l.contains("provider=\"acme\"")
                                && l.contains("data_type=\"heart_rate\""))
                        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                        .toList(),
                "one skipped heart-rate record counted");
    }
}
