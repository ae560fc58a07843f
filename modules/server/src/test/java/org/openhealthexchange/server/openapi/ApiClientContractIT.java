package org.openhealthexchange.server.openapi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.CodegenConstants;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.openhealthexchange.server.testing.FakeAdaptersProfile;
import org.openhealthexchange.server.testing.TestTokens;

/**
 * A client generated from {@code /q/openapi} by openapi-generator (the {@code java} generator, library
 * {@code native}) calls the API and gets what the document promises. The test fetches the document from the running
 * application, generates the client into {@code target/}, compiles it with {@code ContractCalls} (a source in
 * {@code src/test/resources/openapi-client}) and runs the calls with a bearer token.
 */
@QuarkusTest
@TestProfile(FakeAdaptersProfile.class)
class ApiClientContractIT {

    /**
     * The operations ContractCalls calls, which must be methods of the generated client. CallDoc's task API joins here
     * (and in ContractCalls) once it is typed in modules/provider-calldoc.
     */
    static final Set<String> CALLED_OPERATIONS = Set.of(
            "getLinkStatus",
            "getSyncStatus",
            "triggerDeviceSync",
            "requestBackfill",
            "submitDaySync",
            "listActiveSyncTasks",
            "getSyncTaskStatus");

    private static final Path WORK = Path.of("target", "openapi-client");

    @Test
    @SuppressWarnings("unchecked")
    void theGeneratedClientGetsWhatTheDocumentPromises() throws Exception {
        String user = "u-client-1";
        String token = TestTokens.forUsers(user);
        link(user, token);

        Path spec = WORK.resolve("openapi.json");
        Files.createDirectories(WORK);
        Files.writeString(
                spec,
                given().accept("application/json")
                        .get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        Path generated = generate(spec);
        for (String operation : CALLED_OPERATIONS) {
            assertTrue(
                    Files.readString(generated.resolve("src/main/java/org/openhealthexchange/client/api/"
                                    + (operation.contains("Link")
                                            ? "LinkingApi"
                                            : operation.contains("SyncTask") || operation.startsWith("submit")
                                                    ? "CallDocTasksApi"
                                                    : "SyncApi")
                                    + ".java"))
                            .contains(" " + operation + "("),
                    "the generated client has no method " + operation);
        }
        Path classes = compile(generated);

        try (var loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            var calls = (Function<Map<String, String>, Map<String, Object>>)
                    loader.loadClass("org.openhealthexchange.client.ContractCalls")
                            .getDeclaredConstructor()
                            .newInstance();
            // RestAssured's address of the application (a @TestHTTPResource URL would carry the servlet context).
            String baseUrl = RestAssured.baseURI + ":" + RestAssured.port + RestAssured.basePath.replaceAll("/$", "");
            Map<String, Object> out = calls.apply(Map.of(
                    "base_url",
                    baseUrl,
                    "token",
                    token,
                    "ehr_user_id",
                    user,
                    "provider",
                    "acme",
                    "calldoc_date",
                    "2025-10-08",
                    "calldoc_piz",
                    "1698369"));

            assertEquals(user, out.get("link.ehr_user_id"));
            assertEquals(Boolean.TRUE, out.get("link.linked"));
            assertEquals(1, out.get("link.total_links"));
            assertEquals("acme-cl1", out.get("link.external_user_id"));
            assertNotNull(out.get("link.linked_at"));

            assertEquals("acme", out.get("status.provider"));
            assertTrue(
                    Set.of("no_recent_sync", "running", "completed").contains(out.get("status.status")),
                    String.valueOf(out.get("status.status")));
            assertEquals(List.of(), out.get("status.errors"));
            assertTrue(((Set<String>) out.get("status.all.providers")).containsAll(Set.of("acme", "clinicsys")));

            assertEquals(Boolean.TRUE, out.get("trigger.success"));
            assertEquals("acme", out.get("trigger.provider"));
            assertEquals(0, out.get("trigger.devices_processed"));
            assertTrue(String.valueOf(out.get("trigger.sync_id")).startsWith("device-sync-"));

            // format date-time: the generated model holds an OffsetDateTime
            assertEquals(
                    java.time.Instant.parse("2025-01-01T00:00:00Z"),
                    ((java.time.OffsetDateTime) out.get("backfill.start")).toInstant());
            assertEquals(out.get("backfill.job_ids"), out.get("backfill.queued_job_ids"));
            assertTrue(!((List<?>) out.get("backfill.job_ids")).isEmpty());

            String task = (String) out.get("calldoc.task_id");
            assertTrue(task.startsWith("sync_2025-10-08_24_"), task);
            assertEquals("/api/sync/status/" + task, out.get("calldoc.status_url"));
            // listed while pending or running; a task that already ended is listed no more
            int active = ((Number) out.get("calldoc.active.count")).intValue();
            assertEquals(active, ((List<?>) out.get("calldoc.active.ids")).size());
            assertEquals("CallDocDayTaskStatus", out.get("calldoc.status.type"));
            assertEquals(task, out.get("calldoc.status.task_id"));
            assertTrue(((String) out.get("calldoc.patient.task_id")).startsWith("patient_sync_1698369_2025-10-08_24_"));
            assertEquals("1698369", out.get("calldoc.patient.piz"));
            assertEquals("CallDocPatientTaskStatus", out.get("calldoc.patient.status.type"));
            assertEquals(400, out.get("calldoc.bad.status"));
            assertNotNull(out.get("calldoc.bad.error"));

            assertEquals(400, out.get("trigger.bad.status"));
            assertEquals("validation_error", out.get("trigger.bad.error"));
            assertEquals(Set.of("provider"), Set.copyOf((Set<String>) out.get("trigger.bad.details")));
        }
    }

    private static void link(String user, String token) {
        String location = given().auth()
                .oauth2(token)
                .redirects()
                .follow(false)
                .get("/api/base/link/acme/?ehr_user_id=" + user)
                .then()
                .statusCode(302)
                .extract()
                .header("Location");
        String state = null;
        for (String part : URI.create(location).getQuery().split("&")) {
            if (part.startsWith("state=")) {
                state = part.substring(6);
            }
        }
        given().get("/api/base/link/acme/callback/?code=cl1&state=" + state)
                .then()
                .statusCode(200);
    }

    private static Path generate(Path spec) throws IOException {
        Path out = WORK.resolve("generated");
        deleteTree(out);
        var configurator = new CodegenConfigurator()
                .setGeneratorName("java")
                .setLibrary("native")
                .setInputSpec(spec.toAbsolutePath().toString())
                .setOutputDir(out.toAbsolutePath().toString())
                .setInvokerPackage("org.openhealthexchange.client")
                .setApiPackage("org.openhealthexchange.client.api")
                .setModelPackage("org.openhealthexchange.client.model")
                .addAdditionalProperty("openApiNullable", false)
                .addAdditionalProperty("useJakartaEe", true)
                .addAdditionalProperty("hideGenerationTimestamp", true);
        var generator = new DefaultGenerator();
        generator.setGeneratorPropertyDefault(CodegenConstants.API_TESTS, "false");
        generator.setGeneratorPropertyDefault(CodegenConstants.MODEL_TESTS, "false");
        generator.setGeneratorPropertyDefault(CodegenConstants.API_DOCS, "false");
        generator.setGeneratorPropertyDefault(CodegenConstants.MODEL_DOCS, "false");
        generator.opts(configurator.toClientOptInput()).generate();
        Path driver = out.resolve("src/main/java/org/openhealthexchange/client/ContractCalls.java");
        try (var in = ApiClientContractIT.class.getResourceAsStream(
                "/openapi-client/org/openhealthexchange/client/ContractCalls.java")) {
            assertNotNull(in, "ContractCalls.java is missing from the test resources");
            Files.writeString(driver, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Path compile(Path generated) throws IOException {
        Path classes = WORK.resolve("classes");
        deleteTree(classes);
        Files.createDirectories(classes);
        List<File> sources;
        try (Stream<Path> files = Files.walk(generated.resolve("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::toFile)
                    .toList();
        }
        var compiler = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (var fileManager = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(List.of(
                    "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:none"));
            boolean ok = compiler.getTask(
                            null,
                            fileManager,
                            diagnostics,
                            options,
                            null,
                            fileManager.getJavaFileObjectsFromFiles(sources))
                    .call();
            assertTrue(ok, "the generated client does not compile: " + diagnostics.getDiagnostics());
        }
        return classes;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
