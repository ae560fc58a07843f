package org.openhealthexchange.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The local profile under a PostgreSQL crash: a burst of Withings notifications runs while every process of the
 * embedded PostgreSQL is killed with SIGKILL. The platform restarts the server; every notification that was
 * answered 202 before, during or after the crash is in the inbox afterwards. With zonky's defaults (fsync and
 * synchronous_commit off) acknowledged commits still in the WAL buffers die with the server.
 */
@QuarkusTest
@TestProfile(LocalPostgresCrashIT.Local.class)
class LocalPostgresCrashIT {

    private static final String DIR =
            "target/local-crash-it-" + ProcessHandle.current().pid();
    private static final int THREADS = 4;
    private static final int BEFORE_CRASH = 300;
    private static final int AFTER_RECOVERY = 150;
    /** Only a bound for a hang (the server never coming back); the test's steps wait for events, not for time. */
    private static final Duration HANG = Duration.ofMinutes(4);

    /** The local profile on a data directory of its own, on a free HTTP port. */
    public static class Local implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "local";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ohe.local-postgres.data-dir",
                    DIR + "/postgres",
                    "quarkus.datasource.sqlhk-h2.jdbc.url",
                    "jdbc:h2:file:./" + DIR + "/sqlhk;MODE=MSSQLServer",
                    "ohe.vault.local-key-file",
                    DIR + "/vault.key",
                    "quarkus.http.test-port",
                    "0",
                    "ohe.rate-limit.enabled",
                    "false",
                    "quarkus.datasource.jdbc.acquisition-timeout",
                    "2S");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "ohe.provider.withings.callback-secret")
    String callbackSecret;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong nextUser = new AtomicLong(70_000_000);
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final Set<Integer> refusals = ConcurrentHashMap.newKeySet();

    @Test
    void noAcknowledgedNotificationIsLostWhenPostgresIsKilledMidBurst() throws Exception {
        Instant giveUp = Instant.now().plus(HANG);
        AtomicInteger phase = new AtomicInteger(); // 0 before the kill, 1 after it, 2 stop
        AtomicInteger acksAfterRecovery = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            senders.add(pool.submit(() -> {
                while (phase.get() < 2 && Instant.now().isBefore(giveUp)) {
                    boolean ok = send();
                    if (ok && phase.get() == 1 && refused.get() > 0) {
                        acksAfterRecovery.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        waitFor(() -> acknowledged.size() >= BEFORE_CRASH, giveUp, "the burst's first acknowledgements");
        int killed = killPostgres();
        assertTrue(killed > 0, "no PostgreSQL process was found to kill");
        phase.set(1);
        // The outage is seen (requests refused, never acknowledged), then the restarted server acknowledges again.
        waitFor(() -> refused.get() > 0, giveUp, "a refused notification while PostgreSQL is down");
        waitFor(() -> acksAfterRecovery.get() >= AFTER_RECOVERY, giveUp, "acknowledgements after the restart");
        phase.set(2);
        for (Future<?> f : senders) {
            f.get();
        }
        pool.shutdown();

        Set<String> stored = storedUsers(giveUp);
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        assertTrue(Set.of(503).containsAll(refusals), "a notification not stored is answered 503, was " + refusals);
        assertEquals(
                Set.of(),
                lost,
                "acknowledged notifications missing after the crash (of " + acknowledged.size() + " acknowledged, "
                        + refused.get() + " refused)");
    }

    /** One notification of a fresh user; true when it was acknowledged (202). */
    private boolean send() {
        String user = Long.toString(nextUser.getAndIncrement());
        long now = Instant.now().getEpochSecond();
        var request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + RestAssured.port + "/webhooks/withings/?token=" + callbackSecret))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "userid=" + user + "&appli=1&startdate=" + (now - 600) + "&enddate=" + now))
                .build();
        try {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 202) {
                acknowledged.add(user);
                return true;
            }
            refusals.add(status);
            refused.incrementAndGet();
        } catch (IOException e) {
            refused.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** SIGKILL to the postmaster of the test's data directory and to all its processes, as a crash would. */
    private static int killPostgres() throws IOException {
        Path dataDir = Path.of(DIR, "postgres").toAbsolutePath();
        long pid = OrphanedPostmaster.readPid(dataDir.resolve("postmaster.pid")).orElseThrow();
        assertTrue(OrphanedPostmaster.isPostmasterOf(pid, dataDir), "pid " + pid + " is not our postmaster");
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> children = postmaster.descendants().toList();
        int killed = postmaster.destroyForcibly() ? 1 : 0;
        for (ProcessHandle child : children) {
            killed += child.destroyForcibly() ? 1 : 0;
        }
        return killed;
    }

    /** The inbox's Withings users (retried: the pool may still hand out a connection of the dead server). */
    private Set<String> storedUsers(Instant giveUp) throws InterruptedException {
        while (true) {
            Set<String> users = new HashSet<>();
            try (Connection c = dataSource.getConnection();
                    var s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT external_user_id FROM webhook_event WHERE provider = 'withings'")) {
                while (rs.next()) {
                    users.add(rs.getString(1));
                }
                return users;
            } catch (SQLException e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new AssertionError("the inbox cannot be read after the restart", e);
                }
                Thread.sleep(50);
            }
        }
    }

    private interface Condition {
        boolean holds();
    }

    private static void waitFor(Condition condition, Instant giveUp, String what) throws InterruptedException {
        while (!condition.holds()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
