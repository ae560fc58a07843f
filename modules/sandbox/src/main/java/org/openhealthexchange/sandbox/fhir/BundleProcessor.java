package org.openhealthexchange.sandbox.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Runs writes and bundles against a {@link FhirResourceStore} whose write lock the caller holds. A transaction
 * processes its entries in order (POST: conditional create via {@code ifNoneExist}; PUT: conditional update
 * {@code Type?params} or update of an existing {@code Type/id}; GET: read or search; DELETE: by id or conditional),
 * then resolves the new resources' references ({@code urn:uuid:} full URLs, conditional references, literal ones
 * that must exist) and only then settles each update, as HAPI's JPA server does: the resolved content is compared
 * with the stored one (ignoring id and meta); equal → 200 with the stored version and nothing written, different →
 * the next version under the same id. Any failure undoes every write (an update restores the previous version) and
 * fails the whole bundle with that entry's status. A batch does the same per entry and reports each entry's own
 * status. Answers to PUT entries carry HAPI's storage response code in {@code response.outcome}.
 */
final class BundleProcessor {

    /** An update whose target is known but whose content is compared and written once references are resolved. */
    private record PendingUpdate(Resource current, Resource candidate, BundleEntryComponent answer) {}

    /** The writes of one transaction (or one batch entry, or one create), undone together on failure. */
    static final class WriteUnit {
        private final FhirResourceStore store;
        private final List<Resource> created = new ArrayList<>();
        private final List<Resource> deleted = new ArrayList<>();
        /** {previous, replacement} of every update written, oldest first. */
        private final List<Resource[]> replaced = new ArrayList<>();

        private final List<PendingUpdate> updates = new ArrayList<>();
        final Map<String, String> fullUrls = new HashMap<>();

        WriteUnit(FhirResourceStore store) {
            this.store = store;
        }

        Resource insert(Resource resource) {
            Resource stored = store.insert(resource);
            created.add(stored);
            return stored;
        }

        /**
         * Resolves the references of what this unit created, then settles its updates: each candidate's references
         * are resolved the same way, and it replaces the stored resource only when its content differs.
         */
        void resolveReferences() {
            ReferenceResolver resolver = new ReferenceResolver(store, this);
            for (Resource resource : List.copyOf(created)) {
                resolver.resolve(resource);
            }
            for (PendingUpdate update : List.copyOf(updates)) {
                resolver.resolve(update.candidate());
                boolean changed = !sameContent(update.current(), update.candidate());
                Resource written = update.current();
                if (changed) {
                    written = store.replace(update.current(), update.candidate());
                    replaced.add(new Resource[] {update.current(), written});
                }
                answerWrite(
                        update.answer(),
                        written,
                        false,
                        changed
                                ? "SUCCESSFUL_UPDATE_WITH_CONDITIONAL_MATCH"
                                : "SUCCESSFUL_UPDATE_WITH_CONDITIONAL_MATCH_NO_CHANGE");
            }
            updates.clear();
        }

        /** Whether {@code resource} was created or is being updated by this unit already. */
        boolean touches(Resource resource) {
            return created.contains(resource) || updates.stream().anyMatch(u -> u.current() == resource);
        }

        /** Removes a stored resource; a rollback puts it back under its id. */
        void delete(Resource resource) {
            store.remove(resource.fhirType(), resource.getIdElement().getIdPart());
            deleted.add(resource);
        }

        void rollback() {
            for (int i = replaced.size() - 1; i >= 0; i--) {
                store.unreplace(replaced.get(i)[1], replaced.get(i)[0]);
            }
            replaced.clear();
            updates.clear();
            created.forEach(r -> store.remove(r.fhirType(), r.getIdElement().getIdPart()));
            created.clear();
            deleted.forEach(store::restore);
            deleted.clear();
        }
    }

    /** HAPI's code system for what a write did ({@code ca.uhn.fhir.model.api.StorageResponseCodeEnum}). */
    static final String STORAGE_RESPONSE_CODES = ca.uhn.fhir.model.api.StorageResponseCodeEnum.SYSTEM;

    private final FhirResourceStore store;

    BundleProcessor(FhirResourceStore store) {
        this.store = store;
    }

    Bundle process(Bundle bundle) {
        BundleType type = bundle.getType();
        if (type != BundleType.TRANSACTION && type != BundleType.BATCH) {
            throw new InvalidRequestException("Bundle.type must be transaction or batch, not " + bundle.getType());
        }
        Bundle response = new Bundle()
                .setType(type == BundleType.TRANSACTION ? BundleType.TRANSACTIONRESPONSE : BundleType.BATCHRESPONSE);
        if (type == BundleType.TRANSACTION) {
            WriteUnit unit = new WriteUnit(store);
            try {
                List<BundleEntryComponent> answers = new ArrayList<>();
                for (int i = 0; i < bundle.getEntry().size(); i++) {
                    answers.add(entry(bundle.getEntry().get(i), i, unit));
                }
                unit.resolveReferences();
                answers.forEach(response::addEntry);
            } catch (BaseServerResponseException e) {
                unit.rollback();
                throw e;
            }
        } else {
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                WriteUnit unit = new WriteUnit(store);
                try {
                    BundleEntryComponent answer = entry(bundle.getEntry().get(i), i, unit);
                    unit.resolveReferences();
                    response.addEntry(answer);
                } catch (BaseServerResponseException e) {
                    unit.rollback();
                    response.addEntry(failed(e));
                }
            }
        }
        return response;
    }

    /** A create: validates, matches {@code ifNoneExist}, stores; references are resolved by the unit afterwards. */
    FhirResourceStore.WriteOutcome post(
            Resource resource, String urlType, String ifNoneExist, String fullUrl, WriteUnit unit) {
        if (resource == null) {
            throw new InvalidRequestException("A POST needs a resource");
        }
        if (!resource.fhirType().equals(urlType)) {
            throw new InvalidRequestException(
                    "The request URL names " + urlType + " but the resource is a " + resource.fhirType());
        }
        ResourceRules.validate(resource);
        if (ifNoneExist != null && !ifNoneExist.isBlank()) {
            var params = FhirSearch.parseQuery(ifNoneExist);
            if (params.isEmpty()) {
                throw new InvalidRequestException("ifNoneExist has no search parameters: " + ifNoneExist);
            }
            FhirSearch.checkSupported(urlType, params);
            List<Resource> matches = store.findAll(urlType, params);
            if (matches.size() > 1) {
                throw new PreconditionFailedException(
                        "ifNoneExist " + ifNoneExist + " matches " + matches.size() + " resources");
            }
            if (matches.size() == 1) {
                register(fullUrl, matches.get(0), unit);
                return new FhirResourceStore.WriteOutcome(matches.get(0), false);
            }
        }
        Resource stored = unit.insert(resource.copy());
        register(fullUrl, stored, unit);
        return new FhirResourceStore.WriteOutcome(stored, true);
    }

    /**
     * An update: {@code url} is {@code Type?params} (conditional: 0 matches → create, 1 → update of it, more → 412)
     * or {@code Type/id} of an existing resource (this server assigns every id, so it creates none by PUT). A create
     * is answered at once; an update is answered by the unit once references are resolved.
     */
    BundleEntryComponent put(Resource resource, String url, String fullUrl, WriteUnit unit) {
        String type = typeOf(url);
        if (resource == null) {
            throw new InvalidRequestException("A PUT needs a resource");
        }
        if (!resource.fhirType().equals(type)) {
            throw new InvalidRequestException(
                    "The request URL names " + type + " but the resource is a " + resource.fhirType());
        }
        ResourceRules.validate(resource);
        if (resource.hasId()
                && (resource.getIdElement().getValue().startsWith("urn:")
                        || resource.getIdElement().getIdPart().startsWith("urn:"))) {
            // HAPI's parser gives a bundle entry's resource its fullUrl (urn:uuid:…) as id: a placeholder, not a
            // choice.
            resource = resource.copy();
            resource.setIdElement(null);
        }
        Resource current;
        if (url.contains("?")) {
            var params = FhirSearch.parseQuery(url);
            if (params.isEmpty()) {
                throw new InvalidRequestException("A conditional update needs search parameters: " + url);
            }
            FhirSearch.checkSupported(type, params);
            if (params.keySet().equals(java.util.Set.of("identifier"))
                    && !url.contains("%5C")
                    && !url.contains("\\")
                    && !FhirSearch.matches(resource, params, store::find)) {
                throw new InvalidRequestException("The resource does not carry the identifier of the conditional URL "
                        + url + ", so it would never be found by it again");
            }
            List<Resource> matches = store.findAll(type, params);
            if (matches.size() > 1) {
                throw new PreconditionFailedException(
                        "Conditional update " + url + " matches " + matches.size() + " resources");
            }
            if (matches.isEmpty()) {
                if (resource.hasId()) {
                    throw new InvalidRequestException("A conditional update that creates cannot choose the id "
                            + resource.getIdElement().getIdPart() + "; this server assigns ids");
                }
                Resource stored = unit.insert(resource.copy());
                register(fullUrl, stored, unit);
                BundleEntryComponent answer = new BundleEntryComponent();
                answerWrite(answer, stored, true, "SUCCESSFUL_UPDATE_NO_CONDITIONAL_MATCH");
                return answer;
            }
            current = matches.get(0);
        } else {
            IdType id = new IdType(url);
            current = store.find(type, id.getIdPart())
                    .orElseThrow(() -> new InvalidRequestException("Resource " + type + "/" + id.getIdPart()
                            + " does not exist; this server does not create" + " resources with client-assigned ids"));
        }
        String currentId = current.getIdElement().getIdPart();
        if (resource.hasId() && !resource.getIdElement().getIdPart().equals(currentId)) {
            throw new InvalidRequestException(
                    "The resource id " + resource.getIdElement().getIdPart() + " is not the id " + currentId + " that "
                            + url + " resolves to");
        }
        if (unit.touches(current)) {
            throw new InvalidRequestException("More than one entry of this bundle writes " + type + "/" + currentId);
        }
        Resource candidate = resource.copy();
        candidate.setId(type + "/" + currentId);
        register(fullUrl, current, unit);
        BundleEntryComponent answer = new BundleEntryComponent();
        unit.updates.add(new PendingUpdate(current, candidate, answer));
        return answer;
    }

    /** Same content, ignoring id and meta (what HAPI compares to detect a no-op update). */
    static boolean sameContent(Resource stored, Resource candidate) {
        Resource a = stored.copy();
        Resource b = candidate.copy();
        a.setIdElement(null);
        b.setIdElement(null);
        a.setMeta(null);
        b.setMeta(null);
        return a.equalsDeep(b);
    }

    private static void register(String fullUrl, Resource resource, WriteUnit unit) {
        if (fullUrl != null && !fullUrl.isBlank()) {
            unit.fullUrls.put(
                    fullUrl, resource.fhirType() + "/" + resource.getIdElement().getIdPart());
        }
    }

    private BundleEntryComponent entry(BundleEntryComponent entry, int index, WriteUnit unit) {
        try {
            HTTPVerb method = entry.getRequest().getMethod();
            String url = entry.getRequest().getUrl();
            if (method == null || url == null || url.isBlank()) {
                throw new InvalidRequestException("request.method and request.url are required");
            }
            if (method == HTTPVerb.POST) {
                var outcome = post(
                        entry.getResource(),
                        typeOf(url),
                        entry.getRequest().getIfNoneExist(),
                        entry.getFullUrl(),
                        unit);
                return written(outcome);
            }
            if (method == HTTPVerb.PUT) {
                return put(entry.getResource(), url, entry.getFullUrl(), unit);
            }
            if (method == HTTPVerb.GET) {
                return read(url);
            }
            if (method == HTTPVerb.DELETE) {
                return delete(url, unit);
            }
            throw new InvalidRequestException("Only POST, PUT, GET and DELETE entries are supported, not " + method);
        } catch (BaseServerResponseException e) {
            throw BaseServerResponseException.newInstance(
                    e.getStatusCode(), "Bundle entry " + index + ": " + e.getMessage());
        }
    }

    private static String typeOf(String url) {
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String type = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        ResourceRules.checkType(type);
        return type;
    }

    /**
     * {@code DELETE Type/id} or the conditional {@code DELETE Type?params} (every match, as HAPI allows when multiple
     * deletes are enabled). Deleting what is not there succeeds, as FHIR's delete is idempotent.
     */
    private BundleEntryComponent delete(String url, WriteUnit unit) {
        String type = typeOf(url);
        List<Resource> targets;
        if (url.contains("?")) {
            var params = FhirSearch.parseQuery(url);
            if (params.isEmpty()) {
                throw new InvalidRequestException("A conditional delete needs search parameters: " + url);
            }
            FhirSearch.checkSupported(type, params);
            targets = store.findAll(type, params);
        } else {
            IdType id = new IdType(url);
            targets = store.find(type, id.getIdPart()).map(List::of).orElse(List.of());
        }
        targets.forEach(unit::delete);
        BundleEntryComponent answer = new BundleEntryComponent();
        answer.getResponse().setStatus("204 No Content");
        return answer;
    }

    private BundleEntryComponent read(String url) {
        BundleEntryComponent answer = new BundleEntryComponent();
        if (url.contains("?")) {
            String type = typeOf(url);
            var params = FhirSearch.parseQuery(url);
            FhirSearch.checkSupported(type, params);
            Bundle searchset = new Bundle().setType(BundleType.SEARCHSET);
            List<Resource> found = store.findAll(type, params);
            searchset.setTotal(found.size());
            found.forEach(r -> searchset.addEntry().setResource(r.copy()));
            answer.setResource(searchset);
        } else {
            IdType id = new IdType(url);
            ResourceRules.checkType(id.getResourceType());
            Resource found = store.find(id.getResourceType(), id.getIdPart())
                    .orElseThrow(() -> new ResourceNotFoundException(id.toUnqualifiedVersionless()));
            answer.setResource(found.copy());
        }
        answer.getResponse().setStatus("200 OK");
        return answer;
    }

    /** Status, location, etag, last modified and HAPI's storage response code of a PUT entry's answer. */
    private static void answerWrite(BundleEntryComponent answer, Resource r, boolean created, String storageCode) {
        String version = r.getMeta().getVersionId();
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics(storageCode)
                .getDetails()
                .addCoding()
                .setSystem(STORAGE_RESPONSE_CODES)
                .setCode(storageCode);
        answer.getResponse()
                .setStatus(created ? "201 Created" : "200 OK")
                .setLocation(r.fhirType() + "/" + r.getIdElement().getIdPart() + "/_history/" + version)
                .setEtag("W/\"" + version + "\"")
                .setLastModified(r.getMeta().getLastUpdated())
                .setOutcome(outcome);
    }

    private static BundleEntryComponent written(FhirResourceStore.WriteOutcome outcome) {
        Resource r = outcome.resource();
        String version = r.getMeta().getVersionId();
        BundleEntryComponent answer = new BundleEntryComponent();
        answer.getResponse()
                .setStatus(outcome.created() ? "201 Created" : "200 OK")
                .setLocation(r.fhirType() + "/" + r.getIdElement().getIdPart() + "/_history/" + version)
                .setEtag("W/\"" + version + "\"")
                .setLastModified(r.getMeta().getLastUpdated());
        return answer;
    }

    private static BundleEntryComponent failed(BaseServerResponseException e) {
        BundleEntryComponent answer = new BundleEntryComponent();
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(
                        e.getStatusCode() == 422
                                ? OperationOutcome.IssueType.REQUIRED
                                : e.getStatusCode() == 412
                                        ? OperationOutcome.IssueType.DUPLICATE
                                        : e.getStatusCode() == 404
                                                ? OperationOutcome.IssueType.NOTFOUND
                                                : OperationOutcome.IssueType.INVALID)
                .setDiagnostics(e.getMessage());
        answer.getResponse()
                .setStatus(e.getStatusCode() + " " + reason(e.getStatusCode()))
                .setOutcome(outcome);
        return answer;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 422 -> "Unprocessable Entity";
            default -> "Error";
        };
    }
}
