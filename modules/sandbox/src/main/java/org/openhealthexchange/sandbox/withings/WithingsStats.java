package org.openhealthexchange.sandbox.withings;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the simulator was asked, so tests can assert, for example, that a link refreshed once. */
final class WithingsStats {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    void count(String name) {
        counters.computeIfAbsent(name, n -> new AtomicLong()).incrementAndGet();
    }

    long get(String name) {
        AtomicLong counter = counters.get(name);
        return counter == null ? 0 : counter.get();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((name, value) -> copy.put(name, value.get()));
        return copy;
    }

    void clear() {
        counters.clear();
    }
}
