package org.openhealthexchange.sink.fhir;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.jboss.logging.Logger;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.core.fhir.mapping.MappingResult.MappedResource;
import org.openhealthexchange.core.fhir.mapping.ResourceKey;
import org.openhealthexchange.core.http.Sleeper;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.spi.PublishBatch;
import org.openhealthexchange.core.spi.PublishResult;
import org.openhealthexchange.core.spi.PublishResult.EntryOutcome;
import org.openhealthexchange.core.spi.PublishResult.Status;
import org.openhealthexchange.core.spi.Retraction;
import org.openhealthexchange.sink.fhir.EntryOutcomes.EntryResult;
import org.openhealthexchange.sink.fhir.PatientResolver.PatientTarget;
import org.openhealthexchange.sink.fhir.client.FhirCallException;
import org.openhealthexchange.sink.fhir.client.FhirServerClient;
import org.openhealthexchange.sink.fhir.client.RetryingCalls;

/**
 * Publishes a batch as FHIR transactions of at most {@code batch-size} entries each, and reports an outcome per
 * record: Observations and Devices as conditional updates (so a vendor's correction replaces the stored value), the
 * rest as conditional creates; with {@code update-existing=false} everything is a conditional create (see
 * {@link TransactionBundles}, {@link EntryOutcomes}). A transaction the EHR rejects (4xx) is resent as a batch so only its bad entries fail;
 * 429/5xx/I/O are retried with backoff; a 401 under SMART fetches a new token once.
 */
public final class FhirPublisher {

    private static final Logger LOG = Logger.getLogger(FhirPublisher.class);

    private final FhirSinkSettings settings;
    private final FhirMapper mapper;
    private final FhirServerClient server;
    private final Sleeper sleeper;
    private final Clock clock;
    private final RetryingCalls calls;
    private final PatientResolver patients;
    private final OwnershipGuard guard;

    FhirPublisher(FhirSinkSettings settings, FhirMapper mapper, FhirServerClient server, Sleeper sleeper, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.server = server;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.calls = server == null
                ? null
                : new RetryingCalls(server.auth(), settings.maxAttempts(), settings.backoffBase(), sleeper);
        this.patients = server == null
                ? null
                : new PatientResolver(server, calls, settings.patientMode(), settings.patientIdentifierSystem());
        this.guard = server == null ? null : new OwnershipGuard(server, calls);
    }

    public PublishResult publish(PublishBatch batch) {
        if (!settings.enabled() || server == null) {
            return allFailed(
                    batch.records(),
                    settings.enabled()
                            ? "ohe.sink.fhir.base-url is not configured"
                            : "the fhir sink is disabled (ohe.sink.fhir.enabled=false)");
        }
        PatientTarget patient = null;
        var ctx = new MappingContext(
                batch.ehrUserId(),
                batch.account(),
                new MappingContext.PatientReference.ByIdentifier(settings.patientIdentifierSystem()),
                clock);
        if (batch.ehrUserId() != null) {
            try {
                patient = patients.resolve(batch.ehrUserId());
            } catch (PatientResolver.PatientUnavailable e) {
                return allFailed(batch.records(), e.getMessage());
            } catch (FhirCallException e) {
                return allFailed(batch.records(), "looking up the patient failed: " + e.getMessage());
            }
            ctx = ctx.withPatientReference(new MappingContext.PatientReference.Resolved(patient.reference()));
        }
        var mapped = mapper.mapAll(batch.records(), ctx);
        Map<HealthRecord, EntryOutcome> outcomes = new IdentityHashMap<>();
        mapped.unmapped()
                .forEach(u -> outcomes.put(
                        u.record(), new EntryOutcome(u.record().sourceId(), Status.SKIPPED, null, u.reason())));

        var entries = TransactionBundles.distinctByKey(mapped.resources());
        for (int from = 0; from < entries.size(); from += settings.batchSize()) {
            var chunk = entries.subList(from, Math.min(entries.size(), from + settings.batchSize()));
            var sendable = new ArrayList<MappedResource>(chunk.size());
            Map<ResourceKey, String> refused;
            try {
                if (patient != null && patient.patientId().isEmpty() && from > 0) {
                    // The first chunk created the Patient: later chunks' matches are checked against its id.
                    patient = refreshed(patient, batch.ehrUserId());
                }
                refused = patient == null || !settings.updateExisting()
                        ? Map.of()
                        : guard.refused(chunk, patient.patientId());
            } catch (FhirCallException e) {
                chunk.forEach(
                        m -> record(outcomes, m, EntryResult.failed("checking ownership failed: " + e.getMessage())));
                continue;
            }
            for (var m : chunk) {
                if (refused.containsKey(m.key())) {
                    LOG.warnf(
                            "Refused to move %s to another patient: %s", m.key().system(), refused.get(m.key()));
                    record(outcomes, m, EntryResult.failed(refused.get(m.key())));
                } else {
                    sendable.add(m);
                }
            }
            if (sendable.isEmpty()) {
                continue;
            }
            var results = sendChunk(sendable, ReferenceLinker.link(sendable, patient));
            for (int i = 0; i < sendable.size(); i++) {
                record(outcomes, sendable.get(i), results.get(i));
            }
        }
        return new PublishResult(batch.records().stream()
                .map(r -> outcomes.getOrDefault(r, failed(r, "record was not published")))
                .toList());
    }

    /** The same target with the id the EHR now has for the Patient it was asked to ensure (its entry stays). */
    private PatientTarget refreshed(PatientTarget ensured, String ehrUserId) throws FhirCallException {
        try {
            var now = patients.resolve(ehrUserId);
            return new PatientTarget(ensured.reference(), now.patientId(), ensured.ensure());
        } catch (PatientResolver.PatientUnavailable e) {
            return ensured;
        }
    }

    private static void record(Map<HealthRecord, EntryOutcome> outcomes, MappedResource m, EntryResult result) {
        for (var record : m.sources()) {
            outcomes.put(
                    record, new EntryOutcome(record.sourceId(), result.status(), result.location(), result.error()));
        }
    }

    /**
     * Deletes the provider's Observations of the subject whose identifier kind is retracted, whose effective time
     * starts in the window and which are not kept: one search (following pages), then DELETE entries in
     * transactions of {@code batch-size}. Returns how many were deleted; a failure throws, so the job retries (a
     * repeated delete of what is gone is harmless).
     */
    public int retract(Retraction retraction) {
        if (!settings.enabled() || server == null) {
            throw new IllegalStateException("the fhir sink cannot retract: it is disabled or has no base-url");
        }
        if (retraction.kinds().isEmpty()) {
            return 0;
        }
        Map<String, String> systems = new LinkedHashMap<>(); // system -> kind
        retraction.kinds().forEach(k -> systems.put(ResourceKey.system(retraction.provider(), k), k));
        List<String> doomed = new ArrayList<>();
        try {
            PatientTarget patient;
            try {
                patient = patients.resolve(retraction.ehrUserId());
            } catch (PatientResolver.PatientUnavailable e) {
                throw new IllegalStateException("retracting from the EHR failed: " + e.getMessage(), e);
            }
            if (patient.patientId().isEmpty()) {
                return 0; // the EHR has no such patient yet, so nothing of theirs to take back
            }
            String search = "Observation?subject="
                    + encode("Patient/" + patient.patientId().get())
                    + "&identifier="
                    + String.join(
                            ",", systems.keySet().stream().map(sys -> sys + "|").toList())
                    + "&date=ge" + encode(retraction.start().toString()) + "&date=lt"
                    + encode(retraction.end().toString()) + "&_count=" + Math.max(settings.batchSize(), 100);
            for (var resource : server.searchAll(search)) {
                if (resource instanceof Observation o
                        && startsIn(o, retraction)
                        && retractable(o, systems, retraction)) {
                    doomed.add("Observation/" + o.getIdElement().getIdPart());
                }
            }
            for (int from = 0; from < doomed.size(); from += settings.batchSize()) {
                var bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                doomed.subList(from, Math.min(doomed.size(), from + settings.batchSize()))
                        .forEach(url -> bundle.addEntry()
                                .getRequest()
                                .setMethod(Bundle.HTTPVerb.DELETE)
                                .setUrl(url));
                sendWithRetries(bundle);
            }
        } catch (FhirCallException e) {
            throw new IllegalStateException("retracting from the EHR failed: " + e.getMessage(), e);
        }
        if (!doomed.isEmpty()) {
            LOG.infof(
                    "Retracted %d %s Observation(s) of %s from the EHR",
                    doomed.size(), retraction.provider(), retraction.ehrUserId());
        }
        return doomed.size();
    }

    /** One of the retracted kinds, written for this vendor account, and not among what the vendor still has. */
    private static boolean retractable(Observation o, Map<String, String> systems, Retraction retraction) {
        for (var id : o.getIdentifier()) {
            String kind = systems.get(id.getSystem());
            var sourceId = kind == null
                    ? java.util.Optional.<String>empty()
                    : ResourceKey.sourceIdOf(retraction.account(), id.getValue());
            if (sourceId.isPresent()) {
                return !retraction.keep().contains(Retraction.keepKey(kind, sourceId.get()));
            }
        }
        return false;
    }

    private static boolean startsIn(Observation o, Retraction r) {
        java.util.Date start = o.getEffective() instanceof org.hl7.fhir.r4.model.Period p
                ? p.getStart()
                : o.getEffective() instanceof org.hl7.fhir.r4.model.DateTimeType dt ? dt.getValue() : null;
        return start != null
                && !start.toInstant().isBefore(r.start())
                && start.toInstant().isBefore(r.end());
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private List<EntryResult> sendChunk(List<MappedResource> chunk, ReferenceLinker.Support support) {
        try {
            var transaction = TransactionBundles.transaction(chunk, settings.updateExisting(), support.entries());
            return EntryOutcomes.read(sendWithRetries(transaction), transaction).subList(0, chunk.size());
        } catch (FhirCallException e) {
            if (e.kind() != FhirCallException.Kind.REJECTED) {
                LOG.warnf("FHIR transaction of %d entries failed (HTTP %d, %s)", chunk.size(), e.status(), e.kind());
                return allFailed(chunk.size(), e.getMessage());
            }
            LOG.infof(
                    "FHIR transaction of %d entries rejected with HTTP %d; resending as a batch",
                    chunk.size(), e.status());
        }
        try {
            // A batch resolves no urn:uuid references between its entries: what they point at is written first.
            if (!support.entries().isEmpty()) {
                var first = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                support.entries().forEach(first::addEntry);
                var created = sendWithRetries(first);
                Map<String, String> literal = new HashMap<>();
                for (int i = 0;
                        i < support.entries().size() && i < created.getEntry().size();
                        i++) {
                    var location = created.getEntry().get(i).getResponse().getLocation();
                    if (location != null) {
                        var id = new org.hl7.fhir.r4.model.IdType(location);
                        literal.put(support.entries().get(i).getFullUrl(), id.getResourceType() + "/" + id.getIdPart());
                    }
                }
                ReferenceLinker.literalize(chunk, literal);
            }
            var batch = TransactionBundles.batch(chunk, settings.updateExisting());
            return EntryOutcomes.read(sendWithRetries(batch), batch);
        } catch (FhirCallException e) {
            LOG.warnf("FHIR batch of %d entries failed (HTTP %d, %s)", chunk.size(), e.status(), e.kind());
            return allFailed(chunk.size(), e.getMessage());
        }
    }

    private Bundle sendWithRetries(Bundle bundle) throws FhirCallException {
        return calls.run(() -> server.send(bundle));
    }

    private static List<EntryResult> allFailed(int count, String error) {
        return Collections.nCopies(count, EntryResult.failed(error));
    }

    private static PublishResult allFailed(List<HealthRecord> records, String error) {
        return new PublishResult(records.stream().map(r -> failed(r, error)).toList());
    }

    private static EntryOutcome failed(HealthRecord record, String error) {
        return new EntryOutcome(record.sourceId(), Status.FAILED, null, error);
    }
}
