package org.openhealthexchange.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stock HAPI FHIR JPA server (R4, {@code modules/ehr-hapi}) for integration tests that need a real EHR.
 *
 * <p>{@link #shared()} starts one per JVM on first use and hands the same one to every test class: a HAPI JPA boot
 * takes tens of seconds, far too long to repeat per class. It runs as a separate {@code java -jar} process, because
 * HAPI's Spring and Hibernate cannot share a class path with Quarkus, on a free loopback port and a fresh
 * PostgreSQL database of its own ({@link HapiFhirDatabase}). A shutdown hook stops it and drops the database; its
 * output goes to {@code target/ehr-hapi-server.log}. Data is not wiped between test classes: tests keep apart by
 * using identifiers of their own.
 *
 * <p>The server's jar is found by {@link HapiFhirJar}.
 */
public final class HapiFhirServer {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5); // a HAPI boot on a loaded 2-core CI box
    /**
     * A heap that fits beside the tests' own JVM; one GC thread and C1 only: when other builds keep both cores busy,
     * HAPI's start (class loading, Spring wiring) gains from cheap compilation (22-28 s instead of 30-35 s in runs
     * here at load 5), and the tests' few requests do not need C2. On an idle machine it makes no difference.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static HapiFhirServer shared;
    private static RuntimeException startFailure;

    private final Process process;
    private final HapiFhirDatabase database;
    private final String baseUrl;
    private final Path logFile;

    private HapiFhirServer(Process process, HapiFhirDatabase database, String baseUrl, Path logFile) {
        this.process = process;
        this.database = database;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
    }

    /** The JVM's server, started (and waited for) on the first call. A failed start is not retried per class. */
    public static synchronized HapiFhirServer shared() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "ehr-hapi-stop"));
        }
        return shared;
    }

    /** The FHIR base, e.g. {@code http://127.0.0.1:PORT/fhir}. */
    public String baseUrl() {
        return baseUrl;
    }

    public Path logFile() {
        return logFile;
    }

    private static HapiFhirServer start() {
        Path jar = HapiFhirJar.locate();
        HapiFhirDatabase database = HapiFhirDatabase.createFresh();
        int port = freePort();
        Path log = Path.of("target", "ehr-hapi-server.log").toAbsolutePath();
        Process process;
        try {
            Files.createDirectories(log.getParent());
            var command = new ArrayList<String>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_OPTIONS);
            command.addAll(List.of(
                    "-jar",
                    jar.toString(),
                    "--server.address=127.0.0.1",
                    "--server.port=" + port,
                    "--spring.datasource.url=" + database.jdbcUrl(),
                    "--spring.datasource.username=" + HapiFhirDatabase.USER,
                    "--ohe.parent-pid=" + ProcessHandle.current().pid()));
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("SPRING_DATASOURCE_PASSWORD", HapiFhirDatabase.password()); // not in `ps`
            process = builder.start();
        } catch (IOException e) {
            database.drop();
            throw new UncheckedIOException("Could not start the HAPI FHIR server from " + jar, e);
        }
        var server = new HapiFhirServer(process, database, "http://127.0.0.1:" + port + "/fhir", log);
        try {
            server.awaitReady();
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return server;
    }

    /** Polls {@code GET /metadata} until it answers 200; HAPI answers it only once its JPA layer is up. */
    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest metadata = HttpRequest.newBuilder(URI.create(baseUrl + "/metadata"))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/fhir+json")
                .build();
        Instant start = Instant.now();
        Instant deadline = start.plus(START_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The HAPI FHIR server exited with code " + process.exitValue()
                        + " before it answered; see " + logFile);
            }
            try {
                if (http.send(metadata, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.printf(
                            "HapiFhirServer: %s ready after %d s (log: %s)%n",
                            baseUrl, Duration.between(start, Instant.now()).toSeconds(), logFile);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the HAPI FHIR server", e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The HAPI FHIR server did not answer " + baseUrl + "/metadata within "
                        + START_TIMEOUT.toMinutes() + " minutes; see " + logFile);
            }
            sleep(Duration.ofMillis(500));
        }
    }

    private void stop() {
        process.destroy(); // SIGTERM: Spring closes HAPI and its connection pool before the database is dropped
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.drop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the HAPI FHIR server", e);
        }
    }
}
