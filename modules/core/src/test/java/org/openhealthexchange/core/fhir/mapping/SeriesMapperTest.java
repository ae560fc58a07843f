package org.openhealthexchange.core.fhir.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.Series;

/** Series as SampledData that the HL7 validator accepts, and that give back exactly the series they came from. */
class SeriesMapperTest {

    static Stream<Series> series() {
        var start = Instant.parse("2024-01-15T10:00:00Z");
        return Stream.of(
                MappingFixtures.heartRateSeries(),
                new Series(
                        "withings",
                        "spo2-1",
                        DataType.OXYGEN_SATURATION,
                        start,
                        Duration.ofSeconds(30),
                        new double[] {97, Double.NaN, 96.5},
                        "%",
                        "dev-1"),
                new Series(
                        "fitbit",
                        "steps-1",
                        DataType.STEPS,
                        start,
                        Duration.ofMinutes(1),
                        new double[] {0, 12, Double.NaN, 102},
                        "{steps}",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("series")
    void aSeriesIsValidWhateverProfileItsCodeImplies(Series series) {
        var obs = map(series);

        var report = R4Validator.shared().validate(obs);
        assertTrue(report.valid(), () -> String.join("\n", report.errors()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("series")
    void vitalSignSeriesCarryNoLoincCodeThatWouldImplyAQuantityOnlyProfile(Series series) {
        var codings = map(series).getCode().getCoding();

        if (series.type() == DataType.STEPS) {
            assertEquals(
                    List.of("http://loinc.org|55423-8"),
                    codings.stream().map(c -> c.getSystem() + "|" + c.getCode()).toList(),
                    "steps are no vital sign");
        } else {
            assertTrue(
                    codings.stream().allMatch(c -> "urn:iso:std:iso:11073:10101".equals(c.getSystem())),
                    codings::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("series")
    void theJsonGivesBackTheSeriesExactly(Series series) {
        var json = FhirContexts.r4().newJsonParser().encodeResourceToString(map(series));
        var obs = FhirContexts.r4().newJsonParser().parseResource(Observation.class, json);

        var sampled = obs.getValueSampledData();
        assertEquals(1, sampled.getDimensions());
        assertEquals(0, BigDecimal.ZERO.compareTo(sampled.getOrigin().getValue()));
        assertEquals("http://unitsofmeasure.org", sampled.getOrigin().getSystem());
        var start = obs.getEffectivePeriod().getStart().toInstant();
        var interval = Duration.ofNanos(sampled.getPeriod().movePointRight(6).longValueExact());
        double[] samples = Arrays.stream(sampled.getData().split(" "))
                .mapToDouble(v -> "E".equals(v) ? Double.NaN : Double.parseDouble(v))
                .toArray();
        var sourceId = ResourceKey.sourceIdOf(
                        MappingFixtures.ACCOUNT, obs.getIdentifierFirstRep().getValue())
                .orElseThrow();
        var back = new Series(
                series.provider(),
                sourceId,
                series.type(),
                start,
                interval,
                samples,
                sampled.getOrigin().getCode(),
                series.deviceId());

        assertEquals(series, back);
        assertEquals(series.end(), obs.getEffectivePeriod().getEnd().toInstant());
    }

    private static Observation map(Series series) {
        return (Observation)
                new FhirMapper().map(List.of(series), MappingFixtures.CTX).get(0);
    }
}
