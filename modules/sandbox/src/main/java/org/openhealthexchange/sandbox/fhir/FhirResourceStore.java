package org.openhealthexchange.sandbox.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.openhealthexchange.sandbox.SandboxConfig.ConditionalReferences;

/**
 * The EHR simulator's in-memory resource store: read, search, (conditional) create and transaction/batch bundles.
 * Writes hold one lock, so a conditional create can never race another into a duplicate and a transaction is
 * all-or-nothing; reads share a read lock. Resources are copied in and out, so callers never share state with it.
 * Ids are sequential numbers; a create writes version 1 and every conditional update that changes content writes the
 * next version under the same id (the store keeps only the current version, no history).
 */
public final class FhirResourceStore {

    /**
     * The outcome of a create.
     *
     * @param resource the stored resource (a copy), or the existing match of a conditional create
     * @param created true when a resource was created, false when a conditional create matched
     */
    public record WriteOutcome(Resource resource, boolean created) {}

    private final Clock clock;
    private final ConditionalReferences conditionalReferences;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, Resource>> byType = new HashMap<>();
    /** "type identifier-system|value" → the resources carrying it: conditional creates look up, never scan. */
    private final Map<String, List<Resource>> byIdentifier = new HashMap<>();

    private long nextId = 1;

    public FhirResourceStore(Clock clock, ConditionalReferences conditionalReferences) {
        this.clock = clock;
        this.conditionalReferences = conditionalReferences;
    }

    public Optional<Resource> read(String type, String id) {
        lock.readLock().lock();
        try {
            return find(type, id).map(Resource::copy);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The resources of {@code type} that match every parameter (see {@link FhirSearch}), oldest first. */
    public List<Resource> search(String type, Map<String, List<String>> params) {
        ResourceRules.checkType(type);
        FhirSearch.checkSupported(type, params);
        lock.readLock().lock();
        try {
            return findAll(type, params).stream().map(Resource::copy).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Creates {@code resource}; with {@code ifNoneExist} (a search, {@code identifier=sys|val}) the existing match is
     * returned instead when there is exactly one (412 when several match).
     */
    public WriteOutcome create(Resource resource, String ifNoneExist) {
        return write(() -> {
            BundleProcessor.WriteUnit unit = new BundleProcessor.WriteUnit(this);
            try {
                WriteOutcome outcome =
                        new BundleProcessor(this).post(resource, resource.fhirType(), ifNoneExist, null, unit);
                unit.resolveReferences();
                return new WriteOutcome(outcome.resource().copy(), outcome.created());
            } catch (BaseServerResponseException e) {
                unit.rollback();
                throw e;
            }
        });
    }

    /**
     * An update outside a bundle: {@code url} is {@code Type?params} (conditional update) or {@code Type/id}; see
     * {@link BundleProcessor#put}. {@code created} is true when a conditional update matched nothing and created.
     */
    public WriteOutcome update(Resource resource, String url) {
        return write(() -> {
            BundleProcessor.WriteUnit unit = new BundleProcessor.WriteUnit(this);
            try {
                var answer = new BundleProcessor(this).put(resource, url, null, unit);
                unit.resolveReferences();
                var location =
                        new org.hl7.fhir.r4.model.IdType(answer.getResponse().getLocation());
                Resource stored =
                        find(location.getResourceType(), location.getIdPart()).orElseThrow();
                return new WriteOutcome(
                        stored.copy(), answer.getResponse().getStatus().startsWith("201"));
            } catch (BaseServerResponseException e) {
                unit.rollback();
                throw e;
            }
        });
    }

    /** Processes a {@code transaction} (all or nothing) or {@code batch} (entry by entry) bundle. */
    public Bundle process(Bundle bundle) {
        return write(() -> new BundleProcessor(this).process(bundle));
    }

    /** How many resources of a type are stored. */
    public int count(String type) {
        lock.readLock().lock();
        try {
            return byType.getOrDefault(type, Map.of()).size();
        } finally {
            lock.readLock().unlock();
        }
    }

    ConditionalReferences conditionalReferences() {
        return conditionalReferences;
    }

    // ---- primitives for BundleProcessor; the caller holds the lock

    <T> T write(Supplier<T> work) {
        lock.writeLock().lock();
        try {
            return work.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    Optional<Resource> find(String type, String id) {
        return Optional.ofNullable(byType.getOrDefault(type, Map.of()).get(id));
    }

    List<Resource> findAll(String type, Map<String, List<String>> params) {
        List<Resource> found = new ArrayList<>();
        var identifiers = params.get("identifier");
        if (identifiers != null && identifiers.size() == 1 && exactToken(identifiers.get(0))) {
            List<Resource> candidates =
                    new ArrayList<>(byIdentifier.getOrDefault(type + " " + identifiers.get(0), List.of()));
            candidates.sort(java.util.Comparator.comparingLong(
                    r -> Long.parseLong(r.getIdElement().getIdPart())));
            for (Resource r : candidates) {
                if (FhirSearch.matches(r, params, this::find)) {
                    found.add(r);
                }
            }
            return found;
        }
        for (Resource r : byType.getOrDefault(type, Map.of()).values()) {
            if (FhirSearch.matches(r, params, this::find)) {
                found.add(r);
            }
        }
        return found;
    }

    /** Stores {@code resource} (which the store now owns) under a new id at version 1. */
    Resource insert(Resource resource) {
        String id = Long.toString(nextId++);
        resource.setId(resource.fhirType() + "/" + id + "/_history/1");
        resource.getMeta().setVersionId("1").setLastUpdated(Date.from(clock.instant()));
        byType.computeIfAbsent(resource.fhirType(), t -> new LinkedHashMap<>()).put(id, resource);
        index(resource, true);
        return resource;
    }

    /** A single {@code system|value} with both parts: what the identifier index answers exactly. */
    private static boolean exactToken(String token) {
        int bar = token.indexOf('|');
        return bar > 0 && bar < token.length() - 1 && token.indexOf(',') < 0 && token.indexOf('\\') < 0;
    }

    private void index(Resource resource, boolean add) {
        for (var id : FhirSearch.identifiers(resource)) {
            if (id.hasSystem() && id.hasValue()) {
                String key = resource.fhirType() + " " + id.getSystem() + "|" + id.getValue();
                if (add) {
                    byIdentifier.computeIfAbsent(key, k -> new ArrayList<>(1)).add(resource);
                } else {
                    var list = byIdentifier.get(key);
                    if (list != null) {
                        list.remove(resource);
                        if (list.isEmpty()) {
                            byIdentifier.remove(key);
                        }
                    }
                }
            }
        }
    }

    /**
     * Replaces the stored {@code current} with {@code next} (which the store now owns) under the same id, as the next
     * version, last updated now; the identifier index follows. Returns {@code next}.
     */
    Resource replace(Resource current, Resource next) {
        String id = current.getIdElement().getIdPart();
        long version = Long.parseLong(current.getMeta().getVersionId()) + 1;
        next.setId(next.fhirType() + "/" + id + "/_history/" + version);
        next.getMeta().setVersionId(Long.toString(version)).setLastUpdated(Date.from(clock.instant()));
        swap(current, next);
        return next;
    }

    /** Puts {@code previous} back where {@code replacement} is stored (a rolled-back update). */
    void unreplace(Resource replacement, Resource previous) {
        swap(replacement, previous);
    }

    private void swap(Resource out, Resource in) {
        index(out, false);
        byType.computeIfAbsent(in.fhirType(), t -> new LinkedHashMap<>())
                .put(in.getIdElement().getIdPart(), in);
        index(in, true);
    }

    /** Puts a removed resource back under its own id (a rolled-back delete). */
    void restore(Resource resource) {
        byType.computeIfAbsent(resource.fhirType(), t -> new LinkedHashMap<>())
                .put(resource.getIdElement().getIdPart(), resource);
        index(resource, true);
    }

    void remove(String type, String id) {
        Map<String, Resource> resources = byType.get(type);
        if (resources != null) {
            Resource removed = resources.remove(id);
            if (removed != null) {
                index(removed, false);
            }
        }
    }
}
