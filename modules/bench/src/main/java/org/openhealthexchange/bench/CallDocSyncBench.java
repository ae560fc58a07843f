package org.openhealthexchange.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CallDoc → SQLHK through the seed's task API against a running server in the local profile (CallDoc sandbox, SQLHK
 * on H2): a full-day sync of {@code appointments} appointments, then single-patient syncs of that day's patients, one
 * after another. Each figure is wall time from the POST to the first status poll that shows the task ended (polls
 * every 5 ms), so it includes queueing, the CallDoc calls and the SQLHK transaction.
 *
 * <p>Arguments: base URL, appointments per day, single-patient runs. Run it with
 * {@code modules/bench/calldoc-sync.sh}.
 */
public final class CallDocSyncBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern TASK_ID = Pattern.compile("\"task_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z]+)\"");
    private static final Pattern PIZ = Pattern.compile("\"piz\"\\s*:\\s*\"([0-9]+)\"");

    private CallDocSyncBench() {}

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int perDay = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        LocalDate day = LocalDate.of(2025, 11, 3);
        post(base + "/sandbox/calldoc/settings", "{\"appointments_per_day\":" + perDay + "}");

        // Warm-up on another day (JIT, connection pools), then the measured full day.
        timeTask(base, "/api/sync", "{\"date\":\"" + day.plusDays(1) + "\"}");
        long[] full = timeTask(base, "/api/sync", "{\"date\":\"" + day + "\"}");
        System.out.printf(
                "full day, %d appointments: %d ms (%s)%n", perDay, full[0], full[1] == 1 ? "completed" : "FAILED");

        String search = get(base + "/sandbox/calldoc/api/v1/frontend/appointment_search/?from_date=" + day + "&to_date="
                + day + "&appointment_type_id=24");
        List<String> pizs = new ArrayList<>();
        Matcher m = PIZ.matcher(search);
        while (m.find() && pizs.size() < runs) {
            pizs.add(m.group(1));
        }
        long[] latencies = new long[pizs.size()];
        int failed = 0;
        for (int i = 0; i < pizs.size(); i++) {
            long[] r =
                    timeTask(base, "/api/sync/patient", "{\"piz\":\"" + pizs.get(i) + "\",\"date\":\"" + day + "\"}");
            latencies[i] = r[0];
            failed += r[1] == 1 ? 0 : 1;
        }
        Arrays.sort(latencies);
        System.out.printf(
                "single patient, %d runs (%d failed): p50 %d ms, p95 %d ms, max %d ms%n",
                latencies.length,
                failed,
                percentile(latencies, 0.50),
                percentile(latencies, 0.95),
                latencies[latencies.length - 1]);
    }

    /** Milliseconds from POST to ended, and 1 when it completed (0 when it failed). */
    private static long[] timeTask(String base, String path, String body) throws Exception {
        long start = System.nanoTime();
        String accepted = post(base + path, body);
        Matcher id = TASK_ID.matcher(accepted);
        if (!id.find()) {
            throw new IllegalStateException("no task_id in " + accepted);
        }
        while (true) {
            String status = get(base + "/api/sync/status/" + id.group(1));
            Matcher s = STATUS.matcher(status);
            if (s.find() && (s.group(1).equals("completed") || s.group(1).equals("failed"))) {
                return new long[] {
                    (System.nanoTime() - start) / 1_000_000, s.group(1).equals("completed") ? 1 : 0
                };
            }
            Thread.sleep(5);
        }
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static String post(String url, String body) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
