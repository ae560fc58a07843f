package org.openhealthexchange.provider.fitbit.google;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openhealthexchange.core.http.RetryBudget;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.DeviceInfo;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.provider.fitbit.config.Fitbit;
import org.openhealthexchange.provider.fitbit.config.FitbitSettings;
import org.openhealthexchange.provider.fitbit.google.client.DataPointPages;
import org.openhealthexchange.provider.fitbit.google.client.GoogleHealthHttp;
import org.openhealthexchange.provider.fitbit.mapping.HeartRateWindows;

/**
 * One Google Health fetch: which pages to read per type and how their points become records. Intraday heart rate
 * and steps are read for the whole job window at once (widened to whole heart-rate windows, steps to whole days; a
 * job covers at most {@code syncChunk}, 28 days, so at most 40,320 samples are held) in pages of up to 10,000
 * points, and become {@link HeartRateWindows} series; steps also yield daily totals. All calls of one fetch share
 * one retry budget. HTTP, paging and the call budget are the client's ({@link DataPointPages}).
 */
final class GoogleHealthFetch {

    static final int BATCH = 500;
    private static final Duration DAY = Duration.ofDays(1);

    private final FitbitSettings settings;
    private final Clock clock;
    private final DataPointPages pages;
    private final GoogleHealthHttp http;

    GoogleHealthFetch(FitbitSettings settings, Clock clock, GoogleHealthHttp http) {
        this.settings = settings;
        this.clock = clock;
        this.http = http;
        this.pages = new DataPointPages(http, settings.google().apiBaseUrl());
    }

    FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) throws ProviderException {
        Run f = new Run(request, out);
        List<DataType> types = request.types().stream()
                .sorted(Comparator.comparing(DataType::code))
                .toList();
        for (DataType t : types) {
            Optional<GoogleDataTypes> g = GoogleDataTypes.of(t);
            if (g.isEmpty()) {
                continue; // DEVICE comes with the data points; other types are not Fitbit's
            }
            try {
                switch (g.get()) {
                    case HEART_RATE -> f.heartRate();
                    case STEPS -> f.steps();
                    default -> f.measurements(g.get());
                }
            } catch (ProviderException e) {
                if (!Fitbit.notConsented(e)) {
                    throw e;
                }
                Fitbit.logSkipped(t, Fitbit.GOOGLE_HEALTH);
            }
        }
        f.flush();
        return new FetchOutcome(f.count, Optional.empty());
    }

    /** State of one fetch: the batch being filled, the devices already emitted. */
    private final class Run {
        private final FetchRequest request;
        private final RecordBatchConsumer out;
        private final String user;
        private final boolean devices;
        private final Set<String> seenDevices = new HashSet<>();
        private final List<HealthRecord> batch = new ArrayList<>();
        private final Instant now = clock.instant();
        private final RetryBudget retries = http.fetchBudget();
        private long count;

        Run(FetchRequest request, RecordBatchConsumer out) {
            this.request = request;
            this.out = out;
            this.user = request.externalUserId() != null ? request.externalUserId() : request.ehrUserId();
            this.devices = request.types().contains(DataType.DEVICE);
        }

        /** The whole job window in as few pages as the API allows, then one Series per complete window. */
        void heartRate() throws ProviderException {
            Duration w = settings.heartRateWindow();
            Instant from = HeartRateWindows.fetchStart(request.start(), w);
            Instant to = min(HeartRateWindows.fetchEnd(request.end(), w), HeartRateWindows.fetchEnd(now, w));
            if (!from.isBefore(to)) {
                return;
            }
            List<HeartRateWindows.Sample> samples = new ArrayList<>();
            String[] deviceId = new String[1];
            points(GoogleDataTypes.HEART_RATE, from, to, point -> {
                samples.add(GoogleHealthParser.heartRate(point));
                deviceId[0] = deviceId[0] == null ? device(point) : deviceId[0];
            });
            add(HeartRateWindows.toSeries(samples, w, from, to, now, deviceId[0]));
            flushIfFull();
        }

        /** Steps per minute over whole UTC days of the job window: series per window plus daily totals. */
        void steps() throws ProviderException {
            Instant from = HeartRateWindows.fetchStart(request.start(), DAY);
            Instant to = min(HeartRateWindows.fetchEnd(request.end(), DAY), HeartRateWindows.fetchEnd(now, DAY));
            if (!from.isBefore(to)) {
                return;
            }
            Map<Instant, Double> perMinute = new HashMap<>();
            String[] deviceId = new String[1];
            points(GoogleDataTypes.STEPS, from, to, point -> {
                GoogleHealthParser.addSteps(point, perMinute);
                deviceId[0] = deviceId[0] == null ? device(point) : deviceId[0];
            });
            add(GoogleHealthParser.stepSeries(perMinute, settings.heartRateWindow(), from, to, now, deviceId[0]));
            add(GoogleHealthParser.dailySteps(perMinute, from, to, now, deviceId[0]));
            flushIfFull();
        }

        void measurements(GoogleDataTypes type) throws ProviderException {
            points(type, request.start(), request.end(), point -> {
                String deviceId = device(point);
                batch.addAll(GoogleHealthParser.measurements(type, point, deviceId));
                flushIfFull();
            });
        }

        /** Emits the point's device once per fetch (when devices were asked for); returns its id. */
        private String device(JsonNode point) {
            Optional<DeviceInfo> d = GoogleHealthParser.device(point);
            if (d.isEmpty()) {
                return null;
            }
            if (devices && seenDevices.add(d.get().sourceId())) {
                batch.add(d.get());
            }
            return d.get().sourceId();
        }

        private void points(GoogleDataTypes type, Instant start, Instant end, PointHandler handler)
                throws ProviderException {
            int pageSize = Math.max(1, Math.min(settings.google().pageSize(), type.maxPageSize()));
            pages.each(
                    type.kebab(),
                    type.filter(start, end),
                    pageSize,
                    request.tokens(),
                    user,
                    request.budget(),
                    retries,
                    body -> {
                        GoogleHealthParser.Page page = GoogleHealthParser.page(body);
                        for (JsonNode p : page.dataPoints()) {
                            handler.accept(p);
                        }
                        return page.nextPageToken();
                    });
        }

        private void add(List<? extends HealthRecord> records) {
            batch.addAll(records);
        }

        private void flushIfFull() {
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                out.accept(List.copyOf(batch));
                count += batch.size();
                batch.clear();
            }
        }
    }

    @FunctionalInterface
    private interface PointHandler {
        void accept(JsonNode point) throws ProviderException;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
