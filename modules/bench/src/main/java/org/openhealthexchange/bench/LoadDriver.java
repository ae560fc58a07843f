package org.openhealthexchange.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A closed-loop HTTP load driver: keeps {@code concurrency} requests in flight for a fixed time and records every
 * latency. Runs a warm-up first, whose numbers are discarded.
 */
final class LoadDriver {

    /** The outcome of one run. */
    record Result(
            String name,
            long requests,
            double seconds,
            double perSecond,
            double p50Ms,
            double p99Ms,
            Map<Integer, Integer> statuses) {

        String line() {
            return String.format(
                    "%-24s %8d req in %5.1f s = %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   statuses %s",
                    name, requests, seconds, perSecond, p50Ms, p99Ms, statuses);
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Result run(String name, LongFunction<HttpRequest> requests, int concurrency, Duration warmUp, Duration measure)
            throws InterruptedException {
        drive(requests, concurrency, warmUp, new AtomicLong(1_000_000_000L));
        return drive(requests, concurrency, measure, new AtomicLong()).named(name);
    }

    private Measured drive(LongFunction<HttpRequest> requests, int concurrency, Duration duration, AtomicLong sequence)
            throws InterruptedException {
        long[] latencies = new long[16 * 1024 * 1024];
        AtomicInteger recorded = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            inFlight.acquire();
            long sent = System.nanoTime();
            client.sendAsync(requests.apply(sequence.getAndIncrement()), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        long took = System.nanoTime() - sent;
                        int i = recorded.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[i] = took;
                        }
                        statuses.computeIfAbsent(error == null ? response.statusCode() : -1, k -> new AtomicInteger())
                                .incrementAndGet();
                        inFlight.release();
                    });
        }
        inFlight.acquire(concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = Math.min(recorded.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        return new Measured(n, seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), counts);
    }

    private record Measured(long requests, double seconds, double p50Ms, double p99Ms, Map<Integer, Integer> statuses) {
        Result named(String name) {
            return new Result(name, requests, seconds, requests / seconds, p50Ms, p99Ms, statuses);
        }
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    }
}
