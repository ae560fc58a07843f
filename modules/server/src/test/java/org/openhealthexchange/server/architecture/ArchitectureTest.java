package org.openhealthexchange.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.server.connections.ConnectionService;
import org.openhealthexchange.server.connections.ProviderConnection;

/**
 * The module boundaries docs/ARCHITECTURE.md states, checked against the compiled classes of every module on the
 * server's class path (production classes only): the domain and SPIs in core know no adapter, sink or server;
 * provider adapters and sinks depend on core, never on the server, the simulators or each other; vendor HTTP
 * ({@code java.net.http}) only in {@code ..client..} packages and core's toolkit.
 */
class ArchitectureTest {

    private static final String CORE = "org.openhealthexchange.core..";
    private static final String SERVER = "org.openhealthexchange.server..";
    private static final String SANDBOX = "org.openhealthexchange.sandbox..";
    private static final String PROVIDERS = "org.openhealthexchange.provider..";
    private static final String SINKS = "org.openhealthexchange.sink..";
    private static final String HTTP_TOOLKIT = "org.openhealthexchange.core.http..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.openhealthexchange");
    }

    @Test
    void coreKnowsNoAdapterSinkOrServer() {
        check(noClasses()
                .that()
                .resideInAPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVER, SANDBOX, PROVIDERS, SINKS));
    }

    @Test
    void adaptersAndSinksNeverReachIntoTheServerOrTheSimulators() {
        check(noClasses()
                .that()
                .resideInAnyPackage(PROVIDERS, SINKS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVER, SANDBOX));
    }

    @Test
    void adaptersDoNotDependOnSinks() {
        check(noClasses()
                .that()
                .resideInAPackage(PROVIDERS)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(SINKS));
    }

    @Test
    void sinksDoNotDependOnAdapters() {
        check(noClasses()
                .that()
                .resideInAPackage(SINKS)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(PROVIDERS));
    }

    @Test
    void providersAreIndependentOfEachOther() {
        java.util.List<String> providers = java.util.List.of("withings", "fitbit", "calldoc");
        for (String provider : providers) {
            String[] others = providers.stream()
                    .filter(p -> !p.equals(provider))
                    .map(p -> "org.openhealthexchange.provider." + p + "..")
                    .toArray(String[]::new);
            check(noClasses()
                    .that()
                    .resideInAPackage("org.openhealthexchange.provider." + provider + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .as("provider " + provider + " uses no other provider"));
        }
    }

    /** No provider's API lives in the server: the CallDoc task API is in provider-calldoc (issue 11). */
    @Test
    void theServerHasNoProviderPackage() {
        check(noClasses()
                .should()
                .resideInAPackage("org.openhealthexchange.server.calldoc..")
                .as("the CallDoc task API lives in provider-calldoc"));
    }

    @Test
    void theSimulatorsSpeakWireFormatsOnly() {
        check(noClasses()
                .that()
                .resideInAPackage(SANDBOX)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVER, PROVIDERS, SINKS));
    }

    /** The server's packages form no cycle (e.g. linking and sync do not use each other). */
    @Test
    void serverPackagesAreFreeOfCycles() {
        check(com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("org.openhealthexchange.server.(*)..")
                .should()
                .beFreeOfCycles());
    }

    /**
     * No cycle between modules, nor between the top packages of a module ({@code core.spi} / {@code core.fhir},
     * {@code provider.withings} / {@code provider.fitbit}, {@code sink.fhir} / {@code sink.sqlhk}, ...).
     */
    @Test
    void modulesAndTheirTopPackagesFormNoCycle() {
        check(com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("org.openhealthexchange.(*).(*)..")
                .should()
                .beFreeOfCycles());
    }

    /** No package of any module takes part in a cycle: every package of OHE is a slice of its own. */
    @Test
    void noPackageCycleAnywhere() {
        check(com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("org.openhealthexchange.(**)")
                .should()
                .beFreeOfCycles());
    }

    /**
     * Only {@link ConnectionService} changes a connection's state (active, the deactivation, the credential and its
     * timestamps): no other class writes those fields of {@link ProviderConnection}. Reading them is free.
     */
    @Test
    void onlyTheConnectionServiceChangesAConnectionsState() {
        check(connectionStateOwnedByTheService());
    }

    /** The same in SQL: outside the connections package no statement writes a connection's state columns. */
    @Test
    void noSqlOutsideTheConnectionsPackageChangesAConnectionsState() throws java.io.IOException {
        java.nio.file.Path main = java.nio.file.Path.of("src/main/java/org/openhealthexchange/server");
        java.util.regex.Pattern write = java.util.regex.Pattern.compile(
                "(?i)provider_link\\s+SET|deactivated_(reason|at)\\s*=|\\bSET\\s+active\\s*=");
        java.util.List<String> offenders =
                sourcesWhere(main, f -> !f.startsWith(main.resolve("connections")), source -> write.matcher(source)
                        .find());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), offenders);
    }

    /** The ownership rule catches a class that deactivates a connection itself (a fixture in the test sources). */
    @Test
    void aDirectWriteOfAConnectionsStateFails() {
        JavaClasses fixture = new ClassFileImporter()
                .importClasses(org.openhealthexchange.server.archfixture.DeactivatesAConnectionDirectly.class);
        org.junit.jupiter.api.Assertions.assertThrows(
                AssertionError.class, () -> connectionStateOwnedByTheService().check(fixture));
    }

    private static final java.util.Set<String> CONNECTION_STATE = java.util.Set.of(
            "active",
            "deactivatedReason",
            "deactivatedAt",
            "accessTokenEnc",
            "refreshTokenEnc",
            "tokenExpiresAt",
            "scopes",
            "refreshedAt",
            "credentialKind",
            "linkedAt",
            "subjectKind",
            "subjectId");

    private static ArchRule connectionStateOwnedByTheService() {
        return noClasses()
                .that()
                .doNotHaveFullyQualifiedName(ConnectionService.class.getName())
                .and()
                .doNotHaveFullyQualifiedName(ProviderConnection.class.getName())
                .should()
                .setFieldWhere(
                        new com.tngtech.archunit.base.DescribedPredicate<
                                com.tngtech.archunit.core.domain.JavaFieldAccess>(
                                "a state field of ProviderConnection") {
                            @Override
                            public boolean test(com.tngtech.archunit.core.domain.JavaFieldAccess access) {
                                return access.getTargetOwner().isEquivalentTo(ProviderConnection.class)
                                        && CONNECTION_STATE.contains(
                                                access.getTarget().getName());
                            }
                        })
                .as("only ConnectionService writes the state of a connection");
    }

    /**
     * Vendor HTTP only in client packages: a class of core, a provider or a sink that uses {@code java.net.http}
     * (HttpClient, HttpRequest, HttpResponse, HttpHeaders, ...) lives in a package whose name contains
     * {@code .client}, or in core's toolkit {@code core.http} itself. The server, the simulators, the test kit and
     * the benchmarks are not bound by it.
     */
    @Test
    void vendorHttpLivesInClientPackagesOnly() {
        check(httpOnlyInClientPackages());
    }

    private static ArchRule httpOnlyInClientPackages() {
        return noClasses()
                .that()
                .resideInAnyPackage(CORE, PROVIDERS, SINKS)
                .and()
                .resideOutsideOfPackages("..client..", HTTP_TOOLKIT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.net.http..")
                .as("java.net.http is used only in ..client.. packages (and core's toolkit " + HTTP_TOOLKIT + ")");
    }

    /** The HTTP rule catches a violation: a provider fixture in the test sources uses HttpClient directly. */
    @Test
    void httpOutsideAClientPackageFailsTheBuild() {
        JavaClasses fixture = new ClassFileImporter()
                .importClasses(org.openhealthexchange.provider.archfixture.HttpOutsideAClientPackage.class);
        org.junit.jupiter.api.Assertions.assertThrows(
                AssertionError.class, () -> httpOnlyInClientPackages().check(fixture));
    }

    /**
     * The server names no provider or sink class: it finds adapters, sinks, job handlers and provider resources as
     * CDI beans by id or type, and a provider reaches the server only through core's SPIs.
     */
    @Test
    void theServerNamesNoProviderOrSinkClass() {
        check(serverNamesNoProviderOrSink());
    }

    /** Nor their ids: which provider goes to which sink is configuration (no {@code "calldoc"} in server code). */
    @Test
    void theServerSourcesSpellNoProviderOrSinkId() throws java.io.IOException {
        java.util.Set<String> ids = providerAndSinkIds();
        org.junit.jupiter.api.Assertions.assertTrue(
                ids.containsAll(java.util.Set.of("withings", "fitbit", "calldoc", "fhir", "sqlhk")), ids.toString());
        java.util.List<String> offenders =
                idLiterals(java.nio.file.Path.of("src/main/java/org/openhealthexchange/server"), ids);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), offenders);
    }

    /** Both rules catch a server class that names a provider class and a provider id (a fixture). */
    @Test
    void aServerClassNamingAProviderFails() throws java.io.IOException {
        JavaClasses fixture = new ClassFileImporter()
                .importClasses(org.openhealthexchange.server.archfixture.ServerNamingAProvider.class);
        org.junit.jupiter.api.Assertions.assertThrows(
                AssertionError.class, () -> serverNamesNoProviderOrSink().check(fixture));
        org.junit.jupiter.api.Assertions.assertEquals(
                1,
                idLiterals(
                                java.nio.file.Path.of("src/test/java/org/openhealthexchange/server/archfixture"),
                                providerAndSinkIds())
                        .size());
    }

    private static ArchRule serverNamesNoProviderOrSink() {
        return noClasses()
                .that()
                .resideInAPackage(SERVER)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PROVIDERS, SINKS)
                .as("the server names no provider or sink class");
    }

    /** The ids under which the deployed providers and sinks are beans ({@code @Named} / {@code @Identifier}). */
    private static java.util.Set<String> providerAndSinkIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (var c : classes) {
            if (!c.getPackageName().startsWith("org.openhealthexchange.provider.")
                    && !c.getPackageName().startsWith("org.openhealthexchange.sink.")) {
                continue;
            }
            c.tryGetAnnotationOfType(jakarta.inject.Named.class).ifPresent(n -> ids.add(n.value()));
            c.tryGetAnnotationOfType(io.smallrye.common.annotation.Identifier.class)
                    .ifPresent(n -> ids.add(n.value()));
        }
        ids.removeIf(String::isBlank);
        return ids;
    }

    /**
     * A source without the OpenAPI examples it documents (text blocks, {@code @ExampleObject(...)},
     * {@code examples = "..."}): an example taken from a seed may mention a provider, code may not.
     */
    private static String withoutApiExamples(String source) {
        return source.replaceAll("\"\"\"[\\s\\S]*?\"\"\"", "\"\"")
                .replaceAll("@ExampleObject\\([^)]*\\)", "")
                .replaceAll("examples\\s*=\\s*\"[^\"]*\"", "");
    }

    /** Files below {@code root} with a string literal that is exactly one of the ids. */
    private static java.util.List<String> idLiterals(java.nio.file.Path root, java.util.Set<String> ids)
            throws java.io.IOException {
        java.util.regex.Pattern literal = java.util.regex.Pattern.compile("\"(" + String.join("|", ids) + ")\"");
        return sourcesWhere(root, f -> true, source -> literal.matcher(withoutApiExamples(source))
                .find());
    }

    /** The Java files below {@code root} that {@code where} admits and whose text {@code matches}. */
    private static java.util.List<String> sourcesWhere(
            java.nio.file.Path root,
            java.util.function.Predicate<java.nio.file.Path> where,
            java.util.function.Predicate<String> matches)
            throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(where)
                    .filter(f -> {
                        try {
                            return matches.test(java.nio.file.Files.readString(f));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(java.nio.file.Path::toString)
                    .toList();
        }
    }

    /** The rules catch a violation: a fixture class in the test sources breaks the sink rule. */
    @Test
    void aViolationFailsTheBuild() {
        JavaClasses fixture = new ClassFileImporter()
                .importClasses(org.openhealthexchange.sink.archfixture.SinkReachingIntoTheServer.class);
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(PROVIDERS, SINKS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVER, SANDBOX);
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> rule.check(fixture));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
