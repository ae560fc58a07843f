package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openhealthexchange.server.e2e.E2eSupport.missing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openhealthexchange.server.testing.TestTokens;

/**
 * Three Withings users and three Fitbit users (Google Health API) linked at the same time, their data published to
 * a stock HAPI FHIR JPA server (no placeholder targets, referential integrity on): every Patient holds exactly its
 * own user's vendor data, no resource ever changed its subject, a forced re-sync racing notifications changes
 * nothing, a vendor's correction updates in place and a deletion retracts only that user's data.
 */
@QuarkusTest
@TestProfile(HapiEhr.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManyUsersOnHapiIT extends HapiManyUsersTest {

    static final List<String> WITHINGS = List.of("hapi-w-1", "hapi-w-2", "hapi-w-3");
    static final List<String> FITBIT = List.of("hapi-g-1", "hapi-g-2", "hapi-g-3");

    @Override
    String provider(String user) {
        return WITHINGS.contains(user) ? "withings" : "fitbit";
    }

    static List<String> everyone() {
        List<String> all = new ArrayList<>(WITHINGS);
        all.addAll(FITBIT);
        return all;
    }

    @Test
    @Order(1)
    void sixUsersLinkAtOnceAndEachPatientHoldsExactlyItsOwnVendorData() throws Exception {
        linkAllAtOnce(everyone());
        // OHE as the Google Health subscriber (the simulator runs Google's verification against it).
        given().contentType("application/json")
                .body(Map.of("endpointUri", baseUrl + "/webhooks/fitbit/", "secret", "test-subscriber-secret"))
                .post("/sandbox/google-health/subscribers")
                .then()
                .statusCode(200);

        Map<String, String> owner = assertEachPatientHoldsExactlyItsOwnData(everyone());
        // Same device models, overlapping days: still nothing shared between the users of one vendor.
        assertTrue(owner.keySet().stream().anyMatch(k -> k.startsWith("urn:ohe:fitbit:device|")));
    }

    @Test
    @Order(2)
    void aForcedResyncOfEveryoneRacingNotificationsChangesNothingButTheNewWeight() throws Exception {
        Map<String, Map<String, String>> before = new HashMap<>();
        for (String user : everyone()) {
            before.put(user, versions(user));
        }
        String withingsUser = WITHINGS.get(0);
        List<Callable<Void>> work = new ArrayList<>();
        for (String user : everyone()) {
            work.add(forcedResync(user));
        }
        for (String user : FITBIT) {
            work.add(() -> {
                Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10));
                given().contentType("application/json")
                        .body(Map.of(
                                "dataType",
                                "weight",
                                "operation",
                                "UPSERT",
                                "start",
                                start.toString(),
                                "end",
                                start.plus(Duration.ofDays(3)).toString()))
                        .post("/sandbox/google-health/users/" + link(user).externalUserId + "/notify")
                        .then()
                        .statusCode(200);
                return null;
            });
        }
        work.add(() -> {
            given().contentType("application/json")
                    .body(Map.of("type", "weight", "value", 71.3))
                    .post("/sandbox/withings/users/" + link(withingsUser).externalUserId + "/measurements")
                    .then()
                    .statusCode(200);
            return null;
        });
        String withingsEvents = "SELECT count(*) FROM webhook_event WHERE provider = 'withings'";
        long eventsBefore = E2eSupport.count(dataSource, withingsEvents);
        allAtOnce(work);
        E2eSupport.awaitRow(dataSource, withingsEvents, eventsBefore);
        awaitQuietWithoutDeadJobs();

        for (String user : everyone()) {
            Map<String, String> after = versions(user);
            Set<String> added = missing(after.keySet(), before.get(user).keySet());
            if (user.equals(withingsUser)) {
                assertEquals(1, added.size(), () -> "the new weight arrived once: " + added);
                assertTrue(added.iterator().next().startsWith("urn:ohe:withings:weight|"), added::toString);
            } else {
                assertEquals(Set.of(), added, user);
            }
            for (var old : before.get(user).entrySet()) {
                assertEquals(
                        old.getValue(),
                        after.get(old.getKey()),
                        () -> user + " " + old.getKey() + " was rewritten by a re-sync of unchanged data");
            }
        }
    }

    @Test
    @Order(3)
    void noResourceEverChangedItsSubject() {
        assertNoResourceEverChangedItsSubject();
    }

    @Test
    @Order(4)
    void aVendorsCorrectionUpdatesTheSameResourceOfThatUserOnly() throws Exception {
        String user = WITHINGS.get(0);
        var link = link(user);
        Map<String, Resource> before = EhrClient.resourcesOf(user);
        String events = "SELECT count(*) FROM webhook_event WHERE provider = 'withings'";
        long eventsBefore = E2eSupport.count(dataSource, events);
        var recorded = given().contentType("application/json")
                .body(Map.of("type", "weight", "value", 70.1))
                .post("/sandbox/withings/users/" + link.externalUserId + "/measurements")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        long grpid = recorded.getLong("measuregrp.grpid");
        E2eSupport.awaitRow(dataSource, events, eventsBefore);
        awaitQuietWithoutDeadJobs();
        String key = "urn:ohe:withings:weight|" + link.externalUserId + ":" + grpid + "-1"; // group-meastype
        Observation first = (Observation) EhrClient.resourcesOf(user).get(key);
        assertEquals(70.1, first.getValueQuantity().getValue().doubleValue());

        given().contentType("application/json")
                .body(Map.of("type", "weight", "value", 69.6, "grpid", grpid))
                .post("/sandbox/withings/users/" + link.externalUserId + "/measurements")
                .then()
                .statusCode(200);
        // Withings' notification of the edit is byte for byte the first one; the first one's sync has finished, so
        // the inbox takes the repeat for new work and the edit is fetched without waiting for the next schedule.
        awaitQuietWithoutDeadJobs();

        Map<String, Resource> after = EhrClient.resourcesOf(user);
        Observation corrected = (Observation) after.get(key);
        assertEquals(first.getIdElement().getIdPart(), corrected.getIdElement().getIdPart(), "the same resource");
        assertEquals(69.6, corrected.getValueQuantity().getValue().doubleValue());
        assertEquals(
                Integer.parseInt(first.getMeta().getVersionId()) + 1,
                Integer.parseInt(corrected.getMeta().getVersionId()));
        assertEquals(before.size() + 1, after.size(), "a correction adds nothing");
        for (String other : WITHINGS.subList(1, 3)) {
            assertFalse(EhrClient.resourcesOf(other).containsKey(key));
        }
    }

    @Test
    @Order(5)
    void aDeletionAtTheVendorRetractsOnlyThatUsersData() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(12));
        Instant end = start.plus(Duration.ofDays(3));
        Map<String, String> ghosts = new HashMap<>();
        for (String user : FITBIT) {
            // A weight OHE published earlier that the vendor no longer has (deleted in the app).
            String value = link(user).externalUserId + ":ghost-" + user;
            var ghost = new Observation();
            ghost.addIdentifier().setSystem("urn:ohe:fitbit:weight").setValue(value);
            ghost.setStatus(Observation.ObservationStatus.FINAL);
            ghost.getCode().addCoding().setSystem("http://loinc.org").setCode("29463-7");
            ghost.setSubject(
                    new Reference("Patient/" + EhrClient.patientId(user).orElseThrow()));
            ghost.setEffective(new DateTimeType(java.util.Date.from(start.plus(Duration.ofHours(30)))));
            ghost.setValue(new Quantity()
                    .setValue(80)
                    .setUnit("kg")
                    .setSystem("http://unitsofmeasure.org")
                    .setCode("kg"));
            EhrClient.create(ghost);
            ghosts.put(user, "urn:ohe:fitbit:weight|" + value);
        }
        Map<String, Set<String>> before = new HashMap<>();
        for (String user : FITBIT) {
            before.put(user, EhrClient.resourcesOf(user).keySet());
        }
        String deleter = FITBIT.get(0);
        given().contentType("application/json")
                .body(Map.of(
                        "dataType", "weight", "operation", "DELETE", "start", start.toString(), "end", end.toString()))
                .post("/sandbox/google-health/users/" + link(deleter).externalUserId + "/notify")
                .then()
                .statusCode(200);
        E2eSupport.awaitRow(
                dataSource,
                "SELECT count(*) FROM sync_job WHERE ehr_user_id = '" + deleter + "' AND payload->>'action' = 'delete'",
                0);
        awaitQuietWithoutDeadJobs();

        assertEquals(
                Set.of(ghosts.get(deleter)),
                missing(before.get(deleter), EhrClient.resourcesOf(deleter).keySet()),
                "only the deleted weight went");
        for (String other : FITBIT.subList(1, 3)) {
            assertEquals(before.get(other), EhrClient.resourcesOf(other).keySet(), other + " lost nothing");
        }
    }

    @Test
    @Order(6)
    void aMatchOnAnotherPatientIsRefusedReportedAndLeftAlone() throws Exception {
        String user = WITHINGS.get(1);
        Map.Entry<String, Resource> weight = EhrClient.resourcesOf(user).entrySet().stream()
                .filter(e -> e.getKey().startsWith("urn:ohe:withings:weight|"))
                .findFirst()
                .orElseThrow();
        String key = weight.getKey();
        Instant effective = ((Observation) weight.getValue())
                .getEffectiveDateTimeType()
                .getValue()
                .toInstant();
        // Another client of the EHR files an Observation under that identifier for a different patient.
        var stranger = new org.hl7.fhir.r4.model.Patient();
        stranger.addIdentifier().setSystem("urn:example:other-system").setValue("stranger-1");
        String strangerId = EhrClient.create(stranger);
        var theirs = ((Observation) weight.getValue()).copy();
        theirs.setId((String) null);
        theirs.setMeta(null);
        theirs.setSubject(new Reference(strangerId));
        String theirsId = EhrClient.create(theirs);

        given().auth()
                .oauth2(TestTokens.forUsers(user))
                .contentType("application/json")
                .body(Map.of(
                        "ehr_user_id",
                        user,
                        "provider",
                        "withings",
                        "force",
                        true,
                        "start",
                        effective.truncatedTo(ChronoUnit.DAYS).toString(),
                        "end",
                        effective
                                .truncatedTo(ChronoUnit.DAYS)
                                .plus(Duration.ofDays(1))
                                .toString()))
                .post("/api/base/sync/backfill/")
                .then()
                .statusCode(202);
        E2eSupport.awaitQuiet(dataSource);

        var status = given().auth()
                .oauth2(TestTokens.forUsers(user))
                .get("/api/base/sync/status/?ehr_user_id=" + user + "&provider=withings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("failed", status.getString("status"));
        assertTrue(status.getList("errors").toString().contains("belongs to " + strangerId), status.prettify());
        String lastError = QuarkusTransaction.requiringNew().call(() -> {
            try (var c = dataSource.getConnection();
                    var ps = c.prepareStatement(
                            "SELECT last_error FROM sync_job" + " WHERE ehr_user_id = ? ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, user);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        assertTrue(lastError.contains("refused") && lastError.contains(theirsId), lastError);
        var after =
                (Observation) EhrClient.search(theirsId.replace("/", "?_id=")).get(0);
        assertEquals(strangerId, after.getSubject().getReference(), "the other patient's resource is left alone");
        assertEquals("1", after.getMeta().getVersionId());
    }
}
