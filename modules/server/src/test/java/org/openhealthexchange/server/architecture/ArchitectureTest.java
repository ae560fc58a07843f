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
 * provider adapters and sinks depend on core, never on the server, the simulators or each other.
 */
class ArchitectureTest {

    private static final String CORE = "org.openhealthexchange.core..";
    private static final String SERVER = "org.openhealthexchange.server..";
    private static final String SANDBOX = "org.openhealthexchange.sandbox..";
    private static final String PROVIDERS = "org.openhealthexchange.provider..";
    private static final String SINKS = "org.openhealthexchange.sink..";

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

    /**
     * Providers and sinks are modules the server finds as CDI beans: it names none of their classes (what they need
     * of it are core SPIs it implements), and no provider's API lives in the server (issue 11).
     */
    @Test
    void theServerNamesNoProviderOrSinkClass() {
        check(noClasses()
                .that()
                .resideInAPackage(SERVER)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PROVIDERS, SINKS));
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
