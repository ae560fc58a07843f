package org.openhealthexchange.sandbox.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.model.api.StorageResponseCodeEnum;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryResponseComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.Measurement;
import org.openhealthexchange.sandbox.SandboxConfig.ConditionalReferences;
import org.openhealthexchange.testkit.MutableClock;

/** Conditional update ({@code PUT Type?identifier=…}) in transaction and batch bundles, as HAPI's JPA server does. */
class ConditionalUpdateTest {

    private static final String EHR = "urn:ehr";
    private static final String WEIGHTS = "urn:ohe:withings:weight";
    private static final String PATIENT_REF = "Patient?identifier=" + EHR + "|p1";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final FhirResourceStore store = new FhirResourceStore(clock, ConditionalReferences.PLACEHOLDER);

    private static Observation weight(String id, String kg) {
        Observation o = new Observation();
        o.addIdentifier().setSystem(WEIGHTS).setValue(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding().setSystem("http://loinc.org").setCode("29463-7");
        o.setSubject(new Reference(PATIENT_REF));
        o.setEffective(new DateTimeType("2026-02-01T07:00:00Z"));
        o.setValue(new Quantity().setValue(new BigDecimal(kg)).setUnit("kg"));
        return o;
    }

    private static Bundle put(BundleType type, Resource... resources) {
        Bundle bundle = new Bundle().setType(type);
        for (Resource r : resources) {
            String id = ((Observation) r).getIdentifierFirstRep().getValue();
            bundle.addEntry()
                    .setResource(r)
                    .setFullUrl("urn:uuid:" + id)
                    .getRequest()
                    .setMethod(HTTPVerb.PUT)
                    .setUrl("Observation?identifier=" + WEIGHTS + "|" + id);
        }
        return bundle;
    }

    private Observation stored(String id) {
        List<Resource> found = store.search("Observation", FhirSearch.parseQuery("identifier=" + WEIGHTS + "|" + id));
        assertEquals(1, found.size(), "one resource carries " + id);
        return (Observation) found.get(0);
    }

    private static String storageCode(BundleEntryResponseComponent response) {
        return ((OperationOutcome) response.getOutcome())
                .getIssueFirstRep()
                .getDetails()
                .getCodingFirstRep()
                .getCode();
    }

    @Test
    void noMatchCreatesVersionOne() {
        var response = store.process(put(BundleType.TRANSACTION, weight("w1", "72.3")))
                .getEntry()
                .get(0)
                .getResponse();

        assertEquals("201 Created", response.getStatus());
        assertTrue(response.getLocation().matches("Observation/\\d+/_history/1"), response.getLocation());
        assertEquals("W/\"1\"", response.getEtag());
        assertEquals(StorageResponseCodeEnum.SUCCESSFUL_UPDATE_NO_CONDITIONAL_MATCH.getCode(), storageCode(response));
        Observation o = stored("w1");
        assertEquals("1", o.getMeta().getVersionId());
        assertTrue(o.getSubject().getReference().matches("Patient/\\d+"), "conditional reference resolved");
    }

    @Test
    void aBundleAsItArrivesOverHttpIsAccepted() {
        // HAPI's JSON parser gives each entry's resource its fullUrl (urn:uuid:…) as id: a placeholder, not a choice.
        var parser = org.openhealthexchange.core.fhir.FhirContexts.r4().newJsonParser();
        Bundle wire = parser.parseResource(
                Bundle.class, parser.encodeResourceToString(put(BundleType.TRANSACTION, weight("w1", "72.3"))));
        assertTrue(wire.getEntryFirstRep().getResource().hasId(), "the parser set the placeholder id");

        assertEquals(
                "201 Created",
                store.process(wire).getEntryFirstRep().getResponse().getStatus());
        Bundle corrected = parser.parseResource(
                Bundle.class, parser.encodeResourceToString(put(BundleType.TRANSACTION, weight("w1", "72.9"))));
        assertEquals(
                "200 OK",
                store.process(corrected).getEntryFirstRep().getResponse().getStatus());
        assertEquals("2", stored("w1").getMeta().getVersionId());
    }

    @Test
    void theSameContentAgainIsANoOpEvenWithItsConditionalPatientReference() {
        store.process(put(BundleType.TRANSACTION, weight("w1", "72.3")));
        Observation before = stored("w1");
        clock.advance(java.time.Duration.ofHours(1));

        var response = store.process(put(BundleType.TRANSACTION, weight("w1", "72.3")))
                .getEntry()
                .get(0)
                .getResponse();

        assertEquals("200 OK", response.getStatus());
        assertEquals("Observation/" + before.getIdElement().getIdPart() + "/_history/1", response.getLocation());
        assertEquals(
                StorageResponseCodeEnum.SUCCESSFUL_UPDATE_WITH_CONDITIONAL_MATCH_NO_CHANGE.getCode(),
                storageCode(response));
        Observation after = stored("w1");
        assertEquals("1", after.getMeta().getVersionId());
        assertEquals(before.getMeta().getLastUpdated(), after.getMeta().getLastUpdated(), "nothing written");
        assertEquals(1, store.count("Patient"), "the placeholder patient is found again, not created twice");
    }

    @Test
    void aChangedValueIsWrittenAsVersionTwoUnderTheSameId() {
        store.process(put(BundleType.TRANSACTION, weight("w1", "72.3")));
        String id = stored("w1").getIdElement().getIdPart();
        clock.advance(java.time.Duration.ofHours(1));

        var response = store.process(put(BundleType.TRANSACTION, weight("w1", "71.9")))
                .getEntry()
                .get(0)
                .getResponse();

        assertEquals("200 OK", response.getStatus());
        assertEquals("Observation/" + id + "/_history/2", response.getLocation());
        assertEquals("W/\"2\"", response.getEtag());
        assertEquals(StorageResponseCodeEnum.SUCCESSFUL_UPDATE_WITH_CONDITIONAL_MATCH.getCode(), storageCode(response));
        Observation after = stored("w1");
        assertEquals(id, after.getIdElement().getIdPart());
        assertEquals("2", after.getMeta().getVersionId());
        assertEquals(
                Instant.parse("2026-03-01T13:00:00Z"),
                after.getMeta().getLastUpdated().toInstant());
        assertEquals(
                0, new BigDecimal("71.9").compareTo(after.getValueQuantity().getValue()));
        assertEquals(1, store.count("Observation"));
        assertEquals("2", store.read("Observation", id).orElseThrow().getMeta().getVersionId());
    }

    @Test
    void twoMatchesAre412() {
        store.create(weight("w1", "72.3"), null);
        store.create(weight("w1", "72.3"), null);

        var e = assertThrows(
                BaseServerResponseException.class,
                () -> store.process(put(BundleType.TRANSACTION, weight("w1", "70"))));
        assertEquals(412, e.getStatusCode());
        var batch = store.process(put(BundleType.BATCH, weight("w1", "70")));
        assertTrue(batch.getEntry().get(0).getResponse().getStatus().startsWith("412"));
    }

    @Test
    void aFailedTransactionRestoresTheVersionBeforeAndItsIdentifierIndex() {
        store.process(put(BundleType.TRANSACTION, weight("w1", "72.3"), weight("w2", "60")));
        String id = stored("w1").getIdElement().getIdPart();
        Observation corrected = weight("w1", "71.9");
        corrected
                .getIdentifier()
                .add(new org.hl7.fhir.r4.model.Identifier()
                        .setSystem("urn:extra")
                        .setValue("x"));
        Observation broken = weight("w2", "61");
        broken.setSubject(new Reference("Patient/999")); // does not exist: 400 once w1's new version is written
        Bundle failing = put(BundleType.TRANSACTION, corrected, broken);

        var e = assertThrows(BaseServerResponseException.class, () -> store.process(failing));
        assertEquals(400, e.getStatusCode());

        Observation after = stored("w1");
        assertEquals(id, after.getIdElement().getIdPart());
        assertEquals("1", after.getMeta().getVersionId());
        assertEquals(
                0, new BigDecimal("72.3").compareTo(after.getValueQuantity().getValue()));
        assertEquals(
                List.of(),
                store.search("Observation", FhirSearch.parseQuery("identifier=urn:extra|x")),
                "the rolled-back version's identifier is out of the index");
        assertEquals("1", stored("w2").getMeta().getVersionId());
        assertEquals(2, store.count("Observation"));
        // and the index still finds version 1 for the next update
        var next = store.process(put(BundleType.TRANSACTION, corrected))
                .getEntry()
                .get(0)
                .getResponse();
        assertEquals("Observation/" + id + "/_history/2", next.getLocation());
        assertEquals(
                1,
                store.search("Observation", FhirSearch.parseQuery("identifier=urn:extra|x"))
                        .size());
    }

    @Test
    void aResourceWithoutTheConditionalIdentifierOrTwoEntriesForOneResourceAreRefused() {
        Bundle wrongId = put(BundleType.TRANSACTION, weight("w1", "72.3"));
        wrongId.getEntryFirstRep().getRequest().setUrl("Observation?identifier=" + WEIGHTS + "|other");
        assertEquals(
                400,
                assertThrows(BaseServerResponseException.class, () -> store.process(wrongId))
                        .getStatusCode());

        store.process(put(BundleType.TRANSACTION, weight("w1", "72.3")));
        var twice = put(BundleType.TRANSACTION, weight("w1", "71"), weight("w1", "70"));
        assertEquals(
                400,
                assertThrows(BaseServerResponseException.class, () -> store.process(twice))
                        .getStatusCode());
        assertEquals("1", stored("w1").getMeta().getVersionId());
    }

    @Test
    void aPlainUpdateByConditionalUrlOrIdGoesThroughTheSameRules() {
        var created = store.update(weight("w1", "72.3"), "Observation?identifier=" + WEIGHTS + "|w1");
        assertTrue(created.created());
        String id = created.resource().getIdElement().getIdPart();
        var same = store.update(weight("w1", "72.3"), "Observation?identifier=" + WEIGHTS + "|w1");
        assertFalse(same.created());
        assertEquals("1", same.resource().getMeta().getVersionId());
        var byId = store.update(weight("w1", "70"), "Observation/" + id);
        assertEquals("2", byId.resource().getMeta().getVersionId());
        assertEquals(
                400,
                assertThrows(
                                BaseServerResponseException.class,
                                () -> store.update(weight("w9", "70"), "Observation/12345"))
                        .getStatusCode());
    }

    @Test
    void theMappersOutputSentTwiceWithOneCorrectedValueEndsAsOneResourceAtVersionTwo() {
        Instant morning = Instant.parse("2026-02-01T07:00:00Z");
        var mapper = new FhirMapper();
        var ctx = MappingContext.forEhrUser(
                "ehr-42", "fu-42", "urn:ohe:ehr-user-id", java.time.Clock.fixed(morning, ZoneOffset.UTC));
        List<HealthRecord> first = List.of(
                new Measurement(
                        "withings",
                        "grp-1",
                        DataType.WEIGHT,
                        "weight",
                        new BigDecimal("72.35"),
                        "kg",
                        morning,
                        null,
                        "dev-1"),
                new DeviceInfo("withings", "dev-1", "Scale", "Body+", "Withings", null, null));
        List<HealthRecord> corrected = List.of(
                new Measurement(
                        "withings",
                        "grp-1",
                        DataType.WEIGHT,
                        "weight",
                        new BigDecimal("71.80"),
                        "kg",
                        morning,
                        null,
                        "dev-1"),
                first.get(1));

        Bundle firstResponse = store.process(sinkStyle(mapper.mapAll(first, ctx)));
        Bundle secondResponse = store.process(sinkStyle(mapper.mapAll(corrected, ctx)));

        assertEquals(List.of("201 Created", "201 Created"), statuses(firstResponse));
        assertEquals(List.of("200 OK", "200 OK"), statuses(secondResponse));
        assertEquals(1, store.count("Observation"));
        assertEquals(1, store.count("Device"));
        var weights =
                store.search("Observation", FhirSearch.parseQuery("identifier=urn:ohe:withings:weight|fu-42:grp-1"));
        Observation weight = (Observation) weights.get(0);
        assertEquals("2", weight.getMeta().getVersionId());
        assertEquals(
                0, new BigDecimal("71.80").compareTo(weight.getValueQuantity().getValue()));
        assertTrue(
                weight.getSubject().getReference().matches("Patient/\\d+"),
                weight.getSubject().getReference());
        var device = store.search("Device", FhirSearch.parseQuery("identifier=urn:ohe:withings:device|fu-42:dev-1"))
                .get(0);
        assertEquals("1", device.getMeta().getVersionId(), "the unchanged device was left alone");
        assertEquals(1, store.count("Patient"));
    }

    /** The request shape of sink-fhir's conditional updates (PUT Type?identifier=system|value, no id). */
    private static Bundle sinkStyle(org.openhealthexchange.core.fhir.mapping.MappingResult mapped) {
        assertEquals(List.of(), mapped.unmapped());
        Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
        for (var resource : mapped.resources()) {
            var key = resource.key();
            bundle.addEntry()
                    .setResource(resource.resource())
                    .setFullUrl("urn:uuid:"
                            + java.util.UUID.nameUUIDFromBytes((key.system() + "|" + key.value()).getBytes()))
                    .getRequest()
                    .setMethod(HTTPVerb.PUT)
                    .setUrl(resource.resource().fhirType() + "?" + key.ifNoneExist());
        }
        return bundle;
    }

    private static List<String> statuses(Bundle response) {
        return response.getEntry().stream()
                .map(e -> e.getResponse().getStatus())
                .toList();
    }
}
