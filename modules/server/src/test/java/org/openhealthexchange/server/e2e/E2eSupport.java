package org.openhealthexchange.server.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.server.connections.ConnectionCredentials;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.jobs.JobStatus;

/** What the end-to-end tests share: waiting for the pipeline, reading one patient's resources from the sandbox EHR. */
final class E2eSupport {

    private E2eSupport() {}

    /**
     * Waits until no notification waits for dispatch and no job is pending or running. One statement reads both
     * tables in one snapshot: counted one after the other, a notification dispatched between the counts (its row no
     * longer 'received', its job already past the pending count) would look like quiet.
     */
    static void awaitQuiet(AgroalDataSource dataSource) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(900)); // a backstop, never a measure: CI is slow
        while (true) {
            long busy = count(
                    dataSource,
                    "SELECT (SELECT count(*) FROM sync_job WHERE status IN ('"
                            + JobStatus.PENDING.dbValue() + "', '" + JobStatus.RUNNING.dbValue() + "'))"
                            + " + (SELECT count(*) FROM webhook_event WHERE status = 'received')");
            if (busy == 0) {
                return;
            }
            assertTrue(Instant.now().isBefore(deadline), "jobs never finished");
            Thread.sleep(100);
        }
    }

    /** Waits until the count {@code sql} returns exceeds {@code before} (a notification has been stored). */
    static void awaitRow(AgroalDataSource dataSource, String sql, long before) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (count(dataSource, sql) <= before) {
            assertTrue(Instant.now().isBefore(deadline), "the notification never arrived");
            Thread.sleep(50);
        }
    }

    static long count(AgroalDataSource dataSource, String sql) throws SQLException {
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The Observations and Devices of one EHR user's Patient in the sandbox EHR, by identifier "system|value". */
    static Map<String, Resource> ehrResources(String ehrUserId) {
        Map<String, Resource> found = new TreeMap<>();
        String patient = URLEncoder.encode(
                MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM + "|" + ehrUserId, StandardCharsets.UTF_8);
        for (String search : List.of(
                "Observation?subject:Patient.identifier=" + patient, "Device?patient:Patient.identifier=" + patient)) {
            for (Resource r : search(search)) {
                var ids = r instanceof Observation o ? o.getIdentifier() : ((Device) r).getIdentifier();
                ids.forEach(id -> found.put(id.getSystem() + "|" + id.getValue(), r));
            }
        }
        return found;
    }

    /** How many Observations the EHR holds for the EHR user (one per identifier when nothing was duplicated). */
    static int observationCount(String ehrUserId) {
        String patient = URLEncoder.encode(
                MappingContext.DEFAULT_PATIENT_IDENTIFIER_SYSTEM + "|" + ehrUserId, StandardCharsets.UTF_8);
        return search("Observation?subject:Patient.identifier=" + patient).size();
    }

    /** Every match of a search, following the EHR's next links. */
    private static List<Resource> search(String search) {
        List<Resource> out = new ArrayList<>();
        String url = "/sandbox/fhir/" + search + "&_count=1000";
        while (url != null) {
            String json = given().urlEncodingEnabled(false)
                    .accept("application/fhir+json")
                    .get(url)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            Bundle bundle = FhirContexts.r4().newJsonParser().parseResource(Bundle.class, json);
            bundle.getEntry().forEach(e -> out.add(e.getResource()));
            url = bundle.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : bundle.getLink(Bundle.LINK_NEXT).getUrl();
        }
        return out;
    }

    /** The identifiers the adapter's own data of the window maps to: what the EHR must hold, no more, no less. */
    /**
     * The identifiers the EHR must hold for {@code link}'s vendor data of {@code [start, end)}. The adapters publish
     * an hour or day only once it is over, so what a sync at {@code end} published differs from what a read now
     * gives when an hour or day ended in between (a test running across the top of an hour). Everything before
     * {@code end}'s hour is required; identifiers only a read now adds (the periods that ended since) count only
     * when the EHR holds them, so the check holds whatever the hour it runs at.
     */
    static Set<String> expectedIdentifiers(
            ProviderAdapter adapter, ProviderConnection link, ConnectionCredentials tokens, Instant start, Instant end)
            throws Exception {
        Set<String> now = readAndMap(adapter, link, tokens, start, end);
        Instant hour = end.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        if (!hour.isAfter(start)) {
            return now;
        }
        Set<String> required = readAndMap(adapter, link, tokens, start, hour);
        Set<String> held = ehrResources(link.ehrUserId).keySet();
        Set<String> expected = new TreeSet<>(required);
        now.stream().filter(id -> !required.contains(id) && held.contains(id)).forEach(expected::add);
        // Identifiers the later read does not have at all stay out, so an extra one in the EHR still fails.
        expected.retainAll(now);
        expected.addAll(required);
        return expected;
    }

    private static Set<String> readAndMap(
            ProviderAdapter adapter, ProviderConnection link, ConnectionCredentials tokens, Instant start, Instant end)
            throws Exception {
        List<HealthRecord> records = new ArrayList<>();
        adapter.fetch(
                new FetchRequest(
                        link.ehrUserId,
                        link.externalUserId,
                        start,
                        end,
                        adapter.capabilities().dataTypes(),
                        Optional.empty(),
                        tokens.forConnection(link.id)),
                records::addAll);
        var mapped = new FhirMapper().mapAll(records, MappingContext.forEhrUser(link.ehrUserId, link.externalUserId));
        assertTrue(mapped.unmapped().isEmpty(), () -> "unmappable: " + mapped.unmapped());
        Set<String> ids = new TreeSet<>();
        mapped.resources().forEach(m -> {
            ids.add(m.key().system() + "|" + m.key().value());
            // A device an Observation names is in the EHR too (the sink makes sure it exists), listed or not.
            if (m.resource() instanceof Observation o
                    && o.hasDevice()
                    && o.getDevice().hasIdentifier()) {
                ids.add(o.getDevice().getIdentifier().getSystem() + "|"
                        + o.getDevice().getIdentifier().getValue());
            }
        });
        return ids;
    }

    /** The window a link's first backfill covered. */
    static Instant[] backfillWindow(AgroalDataSource dataSource, String ehrUserId, String provider)
            throws SQLException {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "SELECT min(window_start), max(window_end) FROM sync_job WHERE job_type = 'provider.sync'"
                                + " AND ehr_user_id = ? AND provider = ? AND payload->>'trigger' = 'link'")) {
            ps.setString(1, ehrUserId);
            ps.setString(2, provider);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return new Instant[] {
                    rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()
                };
            }
        }
    }

    /**
     * The EHR user's resources are exactly {@code expected} (by identifier), and each passes the R4 validator (but for
     * the conditional patient reference, which an offline validator cannot resolve).
     */
    static Map<String, Resource> assertEhrHoldsExactly(String ehrUserId, Set<String> expected) {
        Map<String, Resource> ehr = ehrResources(ehrUserId);
        assertTrue(!expected.isEmpty(), "the vendor has data in the window");
        assertTrue(
                ehr.keySet().equals(expected),
                () -> "the EHR differs from the vendor's data: missing " + missing(expected, ehr.keySet()) + ", extra "
                        + missing(ehr.keySet(), expected));
        for (Resource r : ehr.values()) {
            var report = R4Validator.shared().validate(r);
            assertTrue(
                    report.errors().stream().allMatch(e -> e.contains("Patient?identifier")),
                    () -> r.fhirType() + " " + report.errors());
        }
        return ehr;
    }

    static Set<String> missing(Set<String> expected, Set<String> actual) {
        Set<String> m = new TreeSet<>(expected);
        m.removeAll(actual);
        return m;
    }

    static String follow(Response r) {
        assertEquals(302, r.statusCode(), r.asString());
        return r.header("Location");
    }
}
