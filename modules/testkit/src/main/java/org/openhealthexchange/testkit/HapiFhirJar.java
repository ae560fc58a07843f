package org.openhealthexchange.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the executable jar of {@code modules/ehr-hapi} is: {@code -Dohe.ehr-hapi.jar=PATH}, else
 * {@code modules/ehr-hapi/target/ohe-ehr-hapi-*-exec.jar} in the nearest directory at or above the working directory
 * that has one. Surefire runs in the module's directory, so the walk finds the jar that this reactor built (testkit
 * depends on ehr-hapi for exactly that order).
 */
final class HapiFhirJar {

    static final String PROPERTY = "ohe.ehr-hapi.jar";

    private HapiFhirJar() {}

    static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path jar = Path.of(configured);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + configured + " is not a file");
            }
            return jar;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path target = dir.resolve("modules/ehr-hapi/target");
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    var jar = files.filter(f -> f.getFileName().toString().matches("ohe-ehr-hapi-.*-exec\\.jar"))
                            .max(Comparator.comparingLong(f -> f.toFile().lastModified()));
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("No HAPI FHIR server jar: build it with"
                + " `./mvnw -B -pl modules/ehr-hapi package` or pass -D" + PROPERTY + "=PATH");
    }
}
