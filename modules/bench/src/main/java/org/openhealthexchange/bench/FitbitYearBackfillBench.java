package org.openhealthexchange.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A year of Fitbit data for one user, backfilled through the Google Health API simulator into the sandbox EHR,
 * against a running server in the local profile: link the user (PKCE, the simulator approves at once), wait for the
 * link's own short backfill, then time {@code POST /api/base/sync/backfill/} of 365 days until no job of the user is
 * pending or running. Prints the wall time, the jobs, and the heart-rate Observations (SampledData, one per hour) and
 * all Observations of the user in the EHR.
 *
 * <p>Arguments: base URL, ehr_user_id, days. Run it with {@code modules/bench/fitbit-year-backfill.sh}.
 */
public final class FitbitYearBackfillBench {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*([0-9]+)");
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*([0-9]+)");

    private FitbitYearBackfillBench() {}

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        String user = args.length > 1 ? args[1] : "bench-year-1";
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 365;
        // The EHR OHE publishes to: the sandbox EHR, or a real FHIR server (e.g. the stock HAPI JPA server).
        ehr = args.length > 3 ? args[3] : base + "/sandbox/fhir";

        String authorize = redirect(base + "/api/base/link/fitbit/?ehr_user_id=" + user);
        String callback = redirect(authorize);
        HttpResponse<String> linked =
                HTTP.send(HttpRequest.newBuilder(URI.create(callback)).build(), HttpResponse.BodyHandlers.ofString());
        if (linked.statusCode() != 200) {
            throw new IllegalStateException("linking failed: " + linked.statusCode() + " " + linked.body());
        }
        awaitQuiet(base, user);
        int observationsBefore = total(user, null);

        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Instant start = end.minus(Duration.ofDays(days));
        long t0 = System.nanoTime();
        HttpResponse<String> queued = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/base/sync/backfill/"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"ehr_user_id\":\"" + user + "\",\"provider\":\"fitbit\"," + "\"start\":\"" + start
                                        + "\",\"end\":\"" + end + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (queued.statusCode() != 202) {
            throw new IllegalStateException("backfill refused: " + queued.statusCode() + " " + queued.body());
        }
        awaitQuiet(base, user);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        int heartRate = total(user, "urn:iso:std:iso:11073:10101%7C149514"); // MDC_PULS_RATE series
        int all = total(user, null);
        int dead = count(base + "/api/base/jobs/?ehr_user_id=" + user + "&status=dead");
        System.out.printf(
                "backfill of %d days: %.1f s, jobs: %s, dead jobs: %d%n", days, ms / 1000.0, queued.body(), dead);
        System.out.printf(
                "EHR: %d heart-rate Observations (SampledData), %d Observations in all (%d before)%n",
                heartRate, all, observationsBefore);
    }

    private static String redirect(String url) throws Exception {
        HttpResponse<String> r =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 302 && r.statusCode() != 303) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.headers().firstValue("Location").orElseThrow();
    }

    private static void awaitQuiet(String base, String user) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        while (count(base + "/api/base/jobs/?ehr_user_id=" + user + "&status=pending")
                        + count(base + "/api/base/jobs/?ehr_user_id=" + user + "&status=running")
                > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the backfill did not finish in 15 minutes");
            }
            Thread.sleep(50);
        }
    }

    private static int count(String url) throws Exception {
        return match(COUNT, get(url), url);
    }

    /** Observations of the user's Patient in the sandbox EHR (optionally of one LOINC code), from the search total. */
    private static String ehr;

    /** How many Observations of the user (of {@code code}, a {@code system%7Ccode} token, when given) the EHR holds. */
    private static int total(String user, String code) throws Exception {
        String url = ehr + "/Observation?subject:Patient.identifier=urn:ohe:ehr-user-id%7C" + user
                + (code == null ? "" : "&code=" + code) + (ehr.contains("/sandbox/") ? "&_count=1" : "&_summary=count");
        return match(TOTAL, get(url), url);
    }

    private static int match(Pattern p, String body, String url) {
        Matcher m = p.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException(url + " answered without a count: " + body);
        }
        return Integer.parseInt(m.group(1));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
