package org.openhealthexchange.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @Test
    void theSimulatorsSpeakWireFormatsOnly() {
        check(noClasses()
                .that()
                .resideInAPackage(SANDBOX)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVER, PROVIDERS, SINKS));
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
