package org.openhealthexchange.bench;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.mapping.FhirMapper;
import org.openhealthexchange.core.fhir.mapping.MappingContext;
import org.openhealthexchange.core.fhir.mapping.MappingResult.MappedResource;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Series;
import org.openhealthexchange.sink.fhir.TransactionBundles;

/**
 * FHIR mapping throughput for a Fitbit backfill: one year of minute heart rate for one user, as {@link Series}
 * records in UTC hour windows (8,760 Observations) and in UTC day windows (365), compared with plain HAPI
 * serialisation of the same resources. Runs in-process; no server, no HTTP.
 *
 * <ul>
 *   <li><b>mapping</b> (the production path of a sync batch, as {@code sink-fhir}'s publisher takes it):
 *       {@link FhirMapper#mapAll} → one entry per {@link ResourceKey} → transaction Bundles of at most
 *       {@code batch} conditional updates (built by the sink's own {@code TransactionBundles}) → JSON with a
 *       parser of the shared R4 context, one per Bundle like the generic client (not pretty-printed);</li>
 *   <li><b>plain</b>: the same Observations, mapped once before timing, into the same Bundles with the same
 *       parser.</li>
 * </ul>
 *
 * <p>Each variant gets untimed warm-up rounds, then timed rounds that alternate the two pipelines (so a change in
 * machine load hits both), each after a {@code System.gc()}. It prints median and best per pipeline, samples/s and
 * Observations/s, the ratio mapping/plain in throughput, the time split of the mapping path (mapAll, Bundle
 * building, JSON) and the total JSON bytes of one pass, so runs can be compared.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code warmup=5} untimed rounds, {@code rounds=10} timed rounds,
 * {@code batch=100} entries per Bundle (the sink's default {@code ohe.sink.fhir.batch-size}), {@code values=integer}
 * (whole beats per minute, what Fitbit's one-minute intraday series delivers) or {@code values=tenths} (one decimal,
 * what the Fitbit adapter's minute grid yields when a minute holds several readings), {@code windows=both} (or
 * {@code hour} or {@code day} alone, e.g. to profile one). Run it with
 * {@code modules/bench/fhir-mapping.sh}.
 */
public final class FhirMappingBench {

    private static final Instant YEAR_START = Instant.parse("2025-01-01T00:00:00Z");
    private static final int DAYS = 365;
    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final Duration STEP = Duration.ofMinutes(1);
    private static final String PROVIDER = "fitbit";
    private static final String UNIT = "/min";
    private static final String DEVICE_ID = "2197834521";
    private static final String EHR_USER_ID = "ehr-user-0001";

    private FhirMappingBench() {}

    public static void main(String[] args) {
        Map<String, String> opts = options(args);
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "10"));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "100"));
        boolean tenths =
                switch (opts.getOrDefault("values", "integer")) {
                    case "integer" -> false;
                    case "tenths" -> true;
                    default -> throw new IllegalArgumentException("values must be integer or tenths");
                };

        double[] year = heartRateYear(new Random(20261122L), tenths);
        long gaps = Arrays.stream(year).filter(Double::isNaN).count();
        System.out.printf(
                Locale.ROOT,
                "input: %,d minutes of heart rate (%s bpm, %,d NaN gaps), %s, batch %d,"
                        + " %d warm-up + %d timed rounds, Java %s, max heap %d MiB%n",
                year.length,
                tenths ? "one-decimal" : "whole",
                gaps,
                PROVIDER,
                batch,
                warmup,
                rounds,
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);

        var ctx = MappingContext.forEhrUser(EHR_USER_ID, "bench-account");
        String only = opts.getOrDefault("windows", "both");
        if (!List.of("hour", "day", "both").contains(only)) {
            throw new IllegalArgumentException("windows must be hour, day or both");
        }
        if (!only.equals("day")) {
            run("hour windows", windows(year, Duration.ofHours(1)), ctx, batch, warmup, rounds);
        }
        if (!only.equals("hour")) {
            run("day windows", windows(year, Duration.ofDays(1)), ctx, batch, warmup, rounds);
        }
    }

    /** Warm-up, timed rounds and the report for one window variant. */
    private static void run(String label, List<Series> records, MappingContext ctx, int batch, int warmup, int rounds) {
        var mapper = new FhirMapper();
        FhirContext fhir = FhirContexts.r4();
        long samples = records.stream().mapToLong(s -> s.samples().length).sum();
        List<MappedResource> prebuilt = mapper.mapAll(records, ctx).resources();
        if (prebuilt.size() != records.size()) {
            throw new IllegalStateException("expected one Observation per series, got " + prebuilt.size());
        }
        long jsonChars = plain(prebuilt, fhir, batch);
        long mappedChars = mapping(records, mapper, ctx, fhir, batch, new long[3]);
        if (jsonChars != mappedChars) {
            throw new IllegalStateException(
                    "the two pipelines wrote different JSON: " + mappedChars + " vs " + jsonChars + " characters");
        }
        long jsonBytes = utf8Bytes(prebuilt, fhir, batch);

        long[] sections = new long[3];
        for (int i = 0; i < warmup; i++) {
            mapping(records, mapper, ctx, fhir, batch, sections);
            plain(prebuilt, fhir, batch);
        }
        long[] mappingNanos = new long[rounds];
        long[] plainNanos = new long[rounds];
        long[][] sectionNanos = new long[3][rounds];
        for (int i = 0; i < rounds; i++) {
            Arrays.fill(sections, 0);
            System.gc();
            long t0 = System.nanoTime();
            mapping(records, mapper, ctx, fhir, batch, sections);
            mappingNanos[i] = System.nanoTime() - t0;
            for (int s = 0; s < 3; s++) {
                sectionNanos[s][i] = sections[s];
            }
            System.gc();
            t0 = System.nanoTime();
            plain(prebuilt, fhir, batch);
            plainNanos[i] = System.nanoTime() - t0;
        }

        int observations = records.size();
        int bundles = (observations + batch - 1) / batch;
        System.out.printf(
                Locale.ROOT,
                "%n== %s: %,d Observations, %,d samples, %,d Bundles, %,d JSON bytes per pass%n",
                label,
                observations,
                samples,
                bundles,
                jsonBytes);
        report("mapping", mappingNanos, samples, observations);
        report("plain serialisation", plainNanos, samples, observations);
        System.out.printf(
                Locale.ROOT,
                "ratio mapping / plain (throughput): median %.0f %%, best %.0f %%%n",
                100.0 * median(plainNanos) / median(mappingNanos),
                100.0 * best(plainNanos) / best(mappingNanos));
        System.out.printf(
                Locale.ROOT,
                "mapping path, median per section: mapAll %.1f ms, Bundles %.1f ms," + " JSON %.1f ms%n",
                median(sectionNanos[0]) / 1e6,
                median(sectionNanos[1]) / 1e6,
                median(sectionNanos[2]) / 1e6);
    }

    /**
     * The production path; returns the JSON characters written. {@code sections} accumulates nanoseconds spent in
     * mapAll (0), building Bundles (1) and encoding them (2).
     */
    private static long mapping(
            List<Series> records, FhirMapper mapper, MappingContext ctx, FhirContext fhir, int batch, long[] sections) {
        long t0 = System.nanoTime();
        var mapped = mapper.mapAll(records, ctx);
        var entries = TransactionBundles.distinctByKey(mapped.resources());
        sections[0] += System.nanoTime() - t0;
        long chars = 0;
        for (int from = 0; from < entries.size(); from += batch) {
            long t1 = System.nanoTime();
            var bundle =
                    TransactionBundles.transaction(entries.subList(from, Math.min(entries.size(), from + batch)), true);
            long t2 = System.nanoTime();
            chars += fhir.newJsonParser().encodeResourceToString(bundle).length();
            sections[1] += t2 - t1;
            sections[2] += System.nanoTime() - t2;
        }
        return chars;
    }

    /** The same resources, already built, into the same Bundles with the same parser; returns the characters. */
    private static long plain(List<MappedResource> prebuilt, FhirContext fhir, int batch) {
        long chars = 0;
        for (int from = 0; from < prebuilt.size(); from += batch) {
            var bundle = TransactionBundles.transaction(
                    prebuilt.subList(from, Math.min(prebuilt.size(), from + batch)), true);
            chars += fhir.newJsonParser().encodeResourceToString(bundle).length();
        }
        return chars;
    }

    private static long utf8Bytes(List<MappedResource> prebuilt, FhirContext fhir, int batch) {
        long bytes = 0;
        for (int from = 0; from < prebuilt.size(); from += batch) {
            var bundle = TransactionBundles.transaction(
                    prebuilt.subList(from, Math.min(prebuilt.size(), from + batch)), true);
            bytes += fhir.newJsonParser().encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }

    /**
     * A year of minute heart rate: lower at night, higher by day, a workout on most days, wear noise, and the gaps of a
     * tracker on its charger (about an hour every few days) plus scattered missing minutes, as {@code NaN}.
     */
    static double[] heartRateYear(Random random, boolean tenths) {
        double[] bpm = new double[DAYS * MINUTES_PER_DAY];
        for (int day = 0; day < DAYS; day++) {
            int workoutStart = random.nextInt(4) == 0 ? -1 : 6 * 60 + random.nextInt(13 * 60);
            int workoutLength = 30 + random.nextInt(60);
            double resting = 56 + random.nextGaussian() * 2;
            for (int minute = 0; minute < MINUTES_PER_DAY; minute++) {
                double hour = minute / 60.0;
                boolean asleep = hour < 6.5 || hour >= 23;
                double value = asleep
                        ? resting + random.nextGaussian() * 2
                        : resting + 14 + 8 * Math.sin((hour - 7) / 16 * Math.PI) + random.nextGaussian() * 5;
                if (workoutStart >= 0 && minute >= workoutStart && minute < workoutStart + workoutLength) {
                    value = 100
                            + 12 * Math.sin((minute - workoutStart) / (double) workoutLength * Math.PI)
                            + random.nextGaussian() * 4;
                }
                value = Math.max(55, Math.min(120, value));
                bpm[day * MINUTES_PER_DAY + minute] = tenths ? Math.round(value * 10) / 10.0 : Math.round(value);
            }
            if (random.nextInt(4) == 0) { // on the charger
                int from = day * MINUTES_PER_DAY + random.nextInt(MINUTES_PER_DAY - 120);
                Arrays.fill(bpm, from, from + 30 + random.nextInt(90), Double.NaN);
            }
            for (int i = 0; i < 3; i++) { // a minute without a reading now and then
                bpm[day * MINUTES_PER_DAY + random.nextInt(MINUTES_PER_DAY)] = Double.NaN;
            }
        }
        return bpm;
    }

    /** One Series per UTC window, with the Fitbit adapter's identifiers ({@code hr-<start>-<length>}). */
    static List<Series> windows(double[] year, Duration window) {
        int perWindow = (int) (window.toMinutes());
        List<Series> out = new ArrayList<>(year.length / perWindow);
        for (int from = 0; from < year.length; from += perWindow) {
            Instant start = YEAR_START.plus(STEP.multipliedBy(from));
            out.add(new Series(
                    PROVIDER,
                    "hr-" + start + "-" + window,
                    DataType.HEART_RATE,
                    start,
                    STEP,
                    Arrays.copyOfRange(year, from, from + perWindow),
                    UNIT,
                    DEVICE_ID));
        }
        return out;
    }

    private static void report(String label, long[] nanos, long samples, int observations) {
        double medianSeconds = median(nanos) / 1e9;
        double bestSeconds = best(nanos) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%-20s median %8.1f ms (%,10.0f samples/s, %,8.0f Observations/s);"
                        + " best %8.1f ms (%,10.0f samples/s, %,8.0f Observations/s)%n",
                label,
                medianSeconds * 1e3,
                samples / medianSeconds,
                observations / medianSeconds,
                bestSeconds * 1e3,
                samples / bestSeconds,
                observations / bestSeconds);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static double best(long[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            opts.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return opts;
    }
}
