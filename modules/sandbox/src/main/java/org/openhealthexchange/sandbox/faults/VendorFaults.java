package org.openhealthexchange.sandbox.faults;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random faults on the simulators' data calls: each call of a vendor fails with that vendor's rate (the common rate
 * unless overridden), the kind drawn evenly from the vendor's kinds. Each vendor draws from its own
 * {@link Random} seeded from the configured seed, so one sequence of calls always meets the same faults.
 * Thread-safe; changed at run time through {@code /sandbox/faults}.
 */
public final class VendorFaults {

    /** What is configured: a rate per vendor (0 = off), the seed and the delay the 429s ask for. */
    public record Settings(Map<FaultyVendor, Double> rates, long seed, int retryAfterSeconds) {

        public Settings {
            rates = Map.copyOf(rates);
            for (double r : rates.values()) {
                if (!(r >= 0.0 && r <= 1.0)) {
                    throw new IllegalArgumentException("a fault rate lies within 0..1");
                }
            }
            if (retryAfterSeconds < 0 || retryAfterSeconds > 3600) {
                throw new IllegalArgumentException("retry_after_seconds lies within 0..3600");
            }
        }

        /** {@code rate} for every vendor, {@code overrides} where given. */
        public static Settings of(double rate, Map<FaultyVendor, Double> overrides, long seed, int retryAfterSeconds) {
            Map<FaultyVendor, Double> rates = new EnumMap<>(FaultyVendor.class);
            for (FaultyVendor v : FaultyVendor.values()) {
                rates.put(v, overrides.getOrDefault(v, rate));
            }
            return new Settings(rates, seed, retryAfterSeconds);
        }

        public static Settings off() {
            return of(0.0, Map.of(), 1, 1);
        }

        double rate(FaultyVendor v) {
            return rates.getOrDefault(v, 0.0);
        }
    }

    private Settings settings;
    private final Map<FaultyVendor, Random> randoms = new EnumMap<>(FaultyVendor.class);
    private final Map<FaultyVendor, Map<FaultyVendor.Kind, Long>> injected = new EnumMap<>(FaultyVendor.class);
    private final Map<FaultyVendor, Long> calls = new EnumMap<>(FaultyVendor.class);

    public VendorFaults(Settings settings) {
        set(settings);
    }

    /** Replaces the settings and restarts every vendor's random sequence from the seed; counters stay. */
    public synchronized void set(Settings next) {
        this.settings = next;
        for (FaultyVendor v : FaultyVendor.values()) {
            randoms.put(v, new Random(next.seed() * 31 + v.ordinal()));
        }
    }

    public synchronized Settings settings() {
        return settings;
    }

    /** The fault this data call of {@code vendor} suffers, if any (counted). */
    public synchronized Optional<FaultyVendor.Kind> next(FaultyVendor vendor) {
        calls.merge(vendor, 1L, Long::sum);
        double rate = settings.rate(vendor);
        if (rate <= 0.0) {
            return Optional.empty();
        }
        Random random = randoms.get(vendor);
        if (random.nextDouble() >= rate) {
            return Optional.empty();
        }
        var kinds = vendor.kinds();
        FaultyVendor.Kind kind = kinds.get(random.nextInt(kinds.size()));
        injected.computeIfAbsent(vendor, k -> new EnumMap<>(FaultyVendor.Kind.class))
                .merge(kind, 1L, Long::sum);
        return Optional.of(kind);
    }

    /** Faults injected so far: vendor id → kind label → count. */
    public synchronized Map<String, Map<String, Long>> injected() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        injected.forEach((v, kinds) -> {
            Map<String, Long> m = new LinkedHashMap<>();
            kinds.forEach((k, n) -> m.put(k.label(), n));
            out.put(v.id(), m);
        });
        return out;
    }

    /** Data calls seen so far per vendor id (faulted or not). */
    public synchronized Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((v, n) -> out.put(v.id(), n));
        return out;
    }

    public synchronized void resetCounters() {
        injected.clear();
        calls.clear();
    }
}
