package org.openhealthexchange.provider.calldoc;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openhealthexchange.core.http.Retrier;
import org.openhealthexchange.core.record.Appointment;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.PatientInfo;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderAdapter;
import org.openhealthexchange.core.spi.ProviderCapabilities;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.provider.calldoc.client.CallDocClient;

/**
 * CallDoc, the practice's scheduling system: a read-only source of appointments and patient demographics. There is
 * no end-user linking and no push; the server asks for a day ({@link #day}) or a window ({@link #fetch}).
 */
@ApplicationScoped
@Named("calldoc")
public class CallDocAdapter implements ProviderAdapter {

    private final CallDocConfig config;
    private final ZoneId practiceZone;
    private final CallDocParser parser;
    private volatile CallDocClient client;
    private volatile ExecutorService lookups;

    @Inject
    public CallDocAdapter(CallDocConfig config) {
        this.config = config;
        this.practiceZone = config.practiceZone();
        this.parser = new CallDocParser(practiceZone);
    }

    /** For tests: an adapter on a given client. */
    /** The installation (practice) whose vendor account scopes the identifiers of its data. */
    public String installationId() {
        return config.installationId();
    }

    CallDocAdapter(CallDocConfig config, CallDocClient client) {
        this(config);
        this.client = client;
    }

    @Override
    public String id() {
        return "calldoc";
    }

    @Override
    public String displayName() {
        return "CallDoc";
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(Set.of(DataType.APPOINTMENT, DataType.PATIENT), false, false);
    }

    /**
     * The appointments of one type on one day with their patients' demographics. Canceled appointments are kept with
     * their status: the EHR must learn of a cancellation, and each sink decides what it means (SQLHK skips them).
     * Patients are looked up once each; a patient CallDoc no longer knows is left out. With {@code onlyPiz} set, only
     * that patient's appointments are kept (and only that patient is looked up); {@link CallDocDay#found()} still
     * counts the whole day.
     */
    public CallDocDay day(LocalDate date, int appointmentTypeId, String onlyPiz) throws ProviderException {
        CallDocClient calldoc = client();
        List<Appointment> all = parser.appointments(calldoc.appointmentSearch(date, date, appointmentTypeId, null));
        List<Appointment> kept = all.stream()
                .filter(a -> onlyPiz == null || onlyPiz.equals(a.patientSourceId()))
                .toList();
        List<String> pizs =
                kept.stream().map(Appointment::patientSourceId).distinct().toList();
        Map<String, PatientInfo> patients = new LinkedHashMap<>();
        if (pizs.size() <= 1) {
            for (String piz : pizs) {
                lookUp(calldoc, piz).ifPresent(p -> patients.put(piz, p));
            }
            return new CallDocDay(all.size(), kept, patients);
        }
        // A full day means one patient_search per patient: a few at a time, not one after another.
        List<Future<Optional<PatientInfo>>> lookups = new ArrayList<>();
        for (String piz : pizs) {
            lookups.add(lookupPool().submit(() -> lookUp(calldoc, piz)));
        }
        try {
            for (int i = 0; i < pizs.size(); i++) {
                String piz = pizs.get(i);
                lookups.get(i).get().ifPresent(p -> patients.put(piz, p));
            }
        } catch (ExecutionException e) {
            lookups.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof ProviderException pe
                    ? pe
                    : new ProviderException(
                            ProviderException.Kind.BAD_RESPONSE,
                            null,
                            e.getCause().toString());
        } catch (InterruptedException e) {
            lookups.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "interrupted", null, e);
        }
        return new CallDocDay(all.size(), kept, patients);
    }

    private Optional<PatientInfo> lookUp(CallDocClient calldoc, String piz) throws ProviderException {
        JsonNode found = calldoc.patientSearch(piz);
        return Optional.ofNullable(parser.patients(found).get(piz));
    }

    private ExecutorService lookupPool() {
        ExecutorService pool = lookups;
        if (pool == null) {
            synchronized (this) {
                if (lookups == null) {
                    lookups = Executors.newFixedThreadPool(Math.max(1, config.patientLookupConcurrency()), r -> {
                        Thread t = new Thread(r, "calldoc-patient-lookup");
                        t.setDaemon(true);
                        return t;
                    });
                }
                pool = lookups;
            }
        }
        return pool;
    }

    /**
     * Every day of the window, of the default appointment type; {@code externalUserId} is a piz to restrict to, or
     * {@code *} for every patient.
     */
    @Override
    public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) throws ProviderException {
        long records = 0;
        LocalDate last = request.end().minusNanos(1).atZone(practiceZone).toLocalDate();
        for (LocalDate d = request.start().atZone(practiceZone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            String piz = request.externalUserId();
            CallDocDay day = day(d, config.defaultAppointmentTypeId(), "*".equals(piz) ? null : piz);
            List<HealthRecord> batch = new ArrayList<>(day.patients().values());
            batch.addAll(day.appointments());
            if (!batch.isEmpty()) {
                out.accept(batch);
                records += batch.size();
            }
        }
        return new FetchOutcome(records, Optional.empty());
    }

    private CallDocClient client() throws ProviderException {
        if (!config.enabled()) {
            throw new ProviderException(ProviderException.Kind.REJECTED, null, "the CallDoc adapter is disabled");
        }
        CallDocClient c = client;
        if (c == null) {
            String base = config.baseUrl()
                    .orElseThrow(() -> new ProviderException(
                            ProviderException.Kind.REJECTED, null, "ohe.provider.calldoc.base-url is not configured"));
            c = new CallDocClient(base, config.timeout(), Retrier.of(config.policy()));
            client = c;
        }
        return c;
    }
}
