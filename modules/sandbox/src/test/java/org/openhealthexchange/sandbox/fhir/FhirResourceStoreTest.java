package org.openhealthexchange.sandbox.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.sandbox.SandboxConfig.ConditionalReferences;
import org.openhealthexchange.testkit.MutableClock;

class FhirResourceStoreTest {

    private static final String EHR = "urn:ehr";
    private static final String WITHINGS = "urn:withings";

    private FhirResourceStore store = new FhirResourceStore(
            new MutableClock(Instant.parse("2026-03-01T12:00:00Z")), ConditionalReferences.PLACEHOLDER);

    private static Patient patient(String value) {
        Patient p = new Patient();
        p.addIdentifier().setSystem(EHR).setValue(value);
        return p;
    }

    private static Observation weight(String id, String subject, String when) {
        Observation o = new Observation();
        o.addIdentifier().setSystem(WITHINGS).setValue(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding().setSystem("http://loinc.org").setCode("29463-7");
        o.setSubject(new Reference(subject));
        o.setEffective(new DateTimeType(when));
        return o;
    }

    private static Bundle bundle(BundleType type) {
        return new Bundle().setType(type);
    }

    private static void post(Bundle bundle, Resource resource, String ifNoneExist) {
        post(bundle, resource, ifNoneExist, null);
    }

    private static void post(Bundle bundle, Resource resource, String ifNoneExist, String fullUrl) {
        var entry = bundle.addEntry().setResource(resource).setFullUrl(fullUrl);
        entry.getRequest().setMethod(HTTPVerb.POST).setUrl(resource.fhirType()).setIfNoneExist(ifNoneExist);
    }

    private List<Resource> search(String type, String query) {
        return store.search(type, FhirSearch.parseQuery(query));
    }

    @Test
    void conditionalCreateReturnsTheExistingMatch() {
        var first = store.create(patient("p1"), "identifier=urn:ehr|p1");
        var second = store.create(patient("p1"), "identifier=urn:ehr|p1");
        assertTrue(first.created());
        assertFalse(second.created());
        assertEquals(
                first.resource().getIdElement().getIdPart(),
                second.resource().getIdElement().getIdPart());
        assertEquals(1, store.count("Patient"));
        store.create(patient("p1"), null);
        int status = assertThrows(
                        BaseServerResponseException.class, () -> store.create(patient("p1"), "identifier=urn:ehr|p1"))
                .getStatusCode();
        assertEquals(412, status, "two matches");
    }

    @Test
    void transactionCreatesThenMatchesOnReplay() {
        Bundle tx = bundle(BundleType.TRANSACTION);
        post(tx, patient("p1"), "identifier=urn:ehr|p1", "urn:uuid:pat");
        post(tx, weight("w1", "urn:uuid:pat", "2026-02-01T07:00:00Z"), "identifier=urn:withings|w1");
        Bundle first = store.process(tx);
        assertEquals(BundleType.TRANSACTIONRESPONSE, first.getType());
        assertEquals("201 Created", first.getEntry().get(0).getResponse().getStatus());
        assertEquals("201 Created", first.getEntry().get(1).getResponse().getStatus());
        String patientLocation = first.getEntry().get(0).getResponse().getLocation();
        assertTrue(patientLocation.matches("Patient/\\d+/_history/1"), patientLocation);

        Observation stored = (Observation)
                search("Observation", "identifier=urn:withings|w1").get(0);
        assertEquals(
                patientLocation.replace("/_history/1", ""),
                stored.getSubject().getReference(),
                "urn:uuid reference rewritten to the created patient");

        Bundle replay = store.process(tx);
        assertEquals("200 OK", replay.getEntry().get(0).getResponse().getStatus());
        assertEquals("200 OK", replay.getEntry().get(1).getResponse().getStatus());
        assertEquals(patientLocation, replay.getEntry().get(0).getResponse().getLocation());
        assertEquals(1, store.count("Patient"));
        assertEquals(1, store.count("Observation"));
    }

    @Test
    void deleteEntriesByIdAndConditionalAreUndoneWithTheirTransaction() {
        Bundle tx = bundle(BundleType.TRANSACTION);
        post(tx, weight("w1", "Patient?identifier=urn:ehr|p1", "2026-02-01T07:00:00Z"), "identifier=urn:withings|w1");
        post(tx, weight("w2", "Patient?identifier=urn:ehr|p1", "2026-02-02T07:00:00Z"), "identifier=urn:withings|w2");
        post(tx, weight("w3", "Patient?identifier=urn:ehr|p1", "2026-02-03T07:00:00Z"), "identifier=urn:withings|w3");
        store.process(tx);
        String w1 = search("Observation", "identifier=urn:withings|w1")
                .get(0)
                .getIdElement()
                .getIdPart();

        Bundle failing = bundle(BundleType.TRANSACTION);
        failing.addEntry().getRequest().setMethod(HTTPVerb.DELETE).setUrl("Observation/" + w1);
        Observation invalid = weight("w4", "Patient?identifier=urn:ehr|p1", "2026-02-04T07:00:00Z");
        invalid.setStatus(null);
        post(failing, invalid, null);
        assertThrows(BaseServerResponseException.class, () -> store.process(failing));
        assertEquals(3, store.count("Observation"), "the delete was rolled back with the failed entry");

        Bundle delete = bundle(BundleType.TRANSACTION);
        delete.addEntry().getRequest().setMethod(HTTPVerb.DELETE).setUrl("Observation/" + w1);
        delete.addEntry()
                .getRequest()
                .setMethod(HTTPVerb.DELETE)
                .setUrl("Observation?identifier=urn:withings|&date=ge2026-02-02T00:00:00Z&date=lt2026-02-03T00:00:00Z");
        delete.addEntry().getRequest().setMethod(HTTPVerb.DELETE).setUrl("Observation/999999");
        Bundle answer = store.process(delete);
        answer.getEntry()
                .forEach(e -> assertEquals("204 No Content", e.getResponse().getStatus()));
        assertEquals(
                List.of("w3"),
                search("Observation", "identifier=urn:withings|").stream()
                        .map(r -> ((Observation) r).getIdentifierFirstRep().getValue())
                        .toList());
    }

    @Test
    void invalidEntryRejectsTheWholeTransactionAndStoresNothing() {
        Bundle tx = bundle(BundleType.TRANSACTION);
        post(tx, weight("w1", "Patient?identifier=urn:ehr|p9", "2026-02-01T07:00:00Z"), "identifier=urn:withings|w1");
        Observation noStatus = weight("w2", "Patient?identifier=urn:ehr|p9", "2026-02-01T08:00:00Z");
        noStatus.setStatus(null);
        post(tx, noStatus, "identifier=urn:withings|w2");
        var e = assertThrows(BaseServerResponseException.class, () -> store.process(tx));
        assertEquals(422, e.getStatusCode());
        assertTrue(e.getMessage().contains("entry 1") && e.getMessage().contains("Observation.status"), e.getMessage());
        assertEquals(0, store.count("Observation"));
        assertEquals(0, store.count("Patient"), "no placeholder survives a rolled-back transaction");
    }

    @Test
    void batchAnswersPerEntry() {
        Bundle batch = bundle(BundleType.BATCH);
        post(
                batch,
                weight("w1", "Patient?identifier=urn:ehr|p1", "2026-02-01T07:00:00Z"),
                "identifier=urn:withings|w1");
        Observation noCode = weight("w2", "Patient?identifier=urn:ehr|p1", "2026-02-01T08:00:00Z");
        noCode.setCode(null);
        post(batch, noCode, null);
        post(batch, weight("w3", "Patient/404", "2026-02-01T09:00:00Z"), null);
        batch.addEntry().getRequest().setMethod(HTTPVerb.GET).setUrl("Observation?identifier=urn:withings|w1");
        Bundle response = store.process(batch);
        assertEquals(BundleType.BATCHRESPONSE, response.getType());
        assertEquals("201 Created", response.getEntry().get(0).getResponse().getStatus());
        assertEquals(
                "422 Unprocessable Entity",
                response.getEntry().get(1).getResponse().getStatus());
        assertTrue(response.getEntry().get(1).getResponse().getOutcome() instanceof OperationOutcome);
        assertEquals("400 Bad Request", response.getEntry().get(2).getResponse().getStatus(), "unknown Patient/404");
        assertEquals(1, ((Bundle) response.getEntry().get(3).getResource()).getTotal());
        assertEquals(1, store.count("Observation"));
    }

    @Test
    void conditionalReferenceResolvesToTheMatchOrAPlaceholder() {
        Bundle tx = bundle(BundleType.TRANSACTION);
        post(tx, weight("w1", "Patient?identifier=urn:ehr|p1", "2026-02-01T07:00:00Z"), null);
        post(tx, weight("w2", "Patient?identifier=urn:ehr|p1", "2026-02-02T07:00:00Z"), null);
        store.process(tx);
        List<Resource> patients = search("Patient", "identifier=urn:ehr|p1");
        assertEquals(1, patients.size(), "one placeholder for both references");
        Patient placeholder = (Patient) patients.get(0);
        assertTrue(placeholder.hasExtension(ReferenceResolver.PLACEHOLDER_EXTENSION));
        String reference = "Patient/" + placeholder.getIdElement().getIdPart();
        search("Observation", "identifier=urn:withings|w1,urn:withings|w2")
                .forEach(o ->
                        assertEquals(reference, ((Observation) o).getSubject().getReference()));

        var existing = store.create(patient("p2"), null).resource();
        store.create(weight("w3", "Patient?identifier=urn:ehr|p2", "2026-02-03T07:00:00Z"), null);
        assertEquals(
                "Patient/" + existing.getIdElement().getIdPart(),
                ((Observation) search("Observation", "identifier=urn:withings|w3")
                                .get(0))
                        .getSubject()
                        .getReference());
    }

    @Test
    void strictModeRefusesConditionalReferencesWithoutMatch() {
        store = new FhirResourceStore(new MutableClock(Instant.now()), ConditionalReferences.STRICT);
        var e = assertThrows(
                BaseServerResponseException.class,
                () -> store.create(weight("w1", "Patient?identifier=urn:ehr|nobody", "2026-02-01T07:00:00Z"), null));
        assertEquals(422, e.getStatusCode());
        assertEquals(0, store.count("Observation"));
        assertEquals(0, store.count("Patient"));
    }

    @Test
    void searchBySubjectCodeDateAndChainedIdentifier() {
        String p1 = store.create(patient("p1"), null).resource().getIdElement().getIdPart();
        String p2 = store.create(patient("p2"), null).resource().getIdElement().getIdPart();
        store.create(weight("a", "Patient/" + p1, "2026-02-01T07:00:00Z"), null);
        store.create(weight("b", "Patient/" + p1, "2026-02-03T07:00:00Z"), null);
        store.create(weight("c", "Patient/" + p2, "2026-02-02T07:00:00Z"), null);
        Device device = new Device();
        device.addIdentifier().setSystem(WITHINGS).setValue("dev-1");
        device.setPatient(new Reference("Patient/" + p1));
        store.create(device, null);

        assertEquals(2, search("Observation", "subject=Patient/" + p1).size());
        assertEquals(2, search("Observation", "patient=" + p1).size());
        assertEquals(1, search("Observation", "subject.identifier=urn:ehr|p2").size());
        assertEquals(3, search("Observation", "code=http://loinc.org|29463-7").size());
        assertEquals(0, search("Observation", "code=http://loinc.org|8867-4").size());
        assertEquals(
                2, search("Observation", "date=ge2026-02-02&date=le2026-02-03").size());
        assertEquals(1, search("Observation", "date=2026-02-01").size());
        assertEquals(
                1,
                search("Observation", "subject=Patient/" + p1 + "&date=gt2026-02-02")
                        .size());
        assertEquals(1, search("Device", "patient=Patient/" + p1).size());
        assertEquals(1, search("Patient", "_id=" + p2).size());
        var e = assertThrows(BaseServerResponseException.class, () -> search("Observation", "foo=bar"));
        assertEquals(400, e.getStatusCode());
    }

    @Test
    void storeHandsOutCopies() {
        var created = store.create(patient("p1"), null).resource();
        ((Patient) created).getIdentifierFirstRep().setValue("changed");
        String id = created.getIdElement().getIdPart();
        assertEquals(
                "p1",
                ((Patient) store.read("Patient", id).orElseThrow())
                        .getIdentifierFirstRep()
                        .getValue());
        assertNotEquals(
                "changed",
                ((Patient) search("Patient", "_id=" + id).get(0))
                        .getIdentifierFirstRep()
                        .getValue());
    }

    @Test
    void concurrentConditionalCreatesOfOneIdentifierStoreOneResource() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                tasks.add(() -> store.create(
                                weight("same", "Patient?identifier=urn:ehr|p1", "2026-02-01T07:00:00Z"),
                                "identifier=urn:withings|same")
                        .created());
            }
            int created = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                created += f.get() ? 1 : 0;
            }
            assertEquals(1, created);
            assertEquals(1, store.count("Observation"));
            assertEquals(1, store.count("Patient"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void bundleOfAnotherTypeOrWithUnsupportedMethodsIsRejected() {
        assertEquals(
                400,
                assertThrows(BaseServerResponseException.class, () -> store.process(bundle(BundleType.COLLECTION)))
                        .getStatusCode());
        Bundle tx = bundle(BundleType.TRANSACTION);
        tx.addEntry()
                .setResource(patient("p1"))
                .getRequest()
                .setMethod(HTTPVerb.PUT)
                .setUrl("Patient/1");
        assertEquals(
                400,
                assertThrows(BaseServerResponseException.class, () -> store.process(tx))
                        .getStatusCode());
    }
}
