package org.openhealthexchange.core.fhir.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.core.fhir.R4Validator;
import org.openhealthexchange.core.record.DataType;
import org.openhealthexchange.core.record.HealthRecord;
import org.openhealthexchange.core.record.Measurement;

class FhirMapperTest {

    private final FhirMapper mapper = new FhirMapper();

    /** Every resource a test makes is also checked the way an EHR's HL7 validator would check it. */
    private static void assertValid(Resource resource) {
        var report = R4Validator.shared().validate(resource);
        assertTrue(
                report.valid(),
                () -> ResourceKey.of(resource).map(Object::toString).orElse(resource.fhirType()) + ": "
                        + report.errors());
    }

    private static List<HealthRecord> everything() {
        var records = new ArrayList<HealthRecord>(MappingFixtures.allSingleMetrics());
        records.addAll(MappingFixtures.bloodPressure());
        records.add(MappingFixtures.heartRateSeries());
        records.add(MappingFixtures.ecg());
        records.add(MappingFixtures.scale());
        records.add(MappingFixtures.patient());
        records.add(MappingFixtures.appointment());
        return records;
    }

    @Test
    void everyEmittedResourceIsValidR4IncludingTheVitalSignProfiles() {
        var resources = mapper.map(everything(), MappingFixtures.CTX);

        assertEquals(everything().size() - 1, resources.size(), "systolic and diastolic share one panel");
        resources.forEach(FhirMapperTest::assertValid);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "weight,            29463-7, kg,     vital-signs",
        "height,            8302-2,  cm,     vital-signs",
        "fat_ratio,         41982-0, %,      exam",
        "fat_mass,          73708-0, kg,     exam",
        "fat_free_mass,     91557-9, kg,     exam",
        "heart_rate,        8867-4,  /min,   vital-signs",
        "body_temperature,  8310-5,  Cel,    vital-signs",
        "oxygen_saturation, 2708-6,  %,      vital-signs",
        "hrv_sdnn,          80404-7, ms,     exam",
        "steps_daily,       41950-7, /d,     activity",
        "sleep_duration,    93832-4, h,      activity",
        "skin_temperature,  61008-9, Cel,    exam",
        "muscle_mass,       73964-9, kg,     exam",
        "body_water_mass,   101683-1, kg,    exam",
        "bone_mass,         101685-6, kg,    exam",
    })
    void eachMetricHasItsLoincUcumAndCategory(String metric, String loinc, String unit, String category) {
        var obs = mapMetric(metric);

        assertValid(obs);
        assertEquals(loinc, obs.getCode().getCodingFirstRep().getCode());
        assertEquals("http://loinc.org", obs.getCode().getCodingFirstRep().getSystem());
        assertEquals(unit, obs.getValueQuantity().getCode());
        assertEquals("http://unitsofmeasure.org", obs.getValueQuantity().getSystem());
        assertEquals(category, obs.getCategoryFirstRep().getCodingFirstRep().getCode());
        assertTrue(
                obs.getIdentifierFirstRep().getSystem().matches("urn:ohe:(withings|fitbit):" + metric),
                obs.getIdentifierFirstRep()::getSystem);
    }

    private Observation mapMetric(String metric) {
        var measurement = MappingFixtures.allSingleMetrics().stream()
                .filter(m -> m.metric().equals(metric))
                .findFirst()
                .orElseThrow();
        return (Observation)
                mapper.map(List.of(measurement), MappingFixtures.CTX).get(0);
    }

    @Test
    void rmssdHasOhesOwnCodeBecauseNoStandardCodeNamesItAndSdnnIsAnotherNumber() {
        var obs = mapMetric("hrv_rmssd");

        assertValid(obs);
        assertEquals(
                List.of("urn:ohe:observation-code|hrv-rmssd"),
                obs.getCode().getCoding().stream()
                        .map(c -> c.getSystem() + "|" + c.getCode())
                        .toList());
        assertEquals("ms", obs.getValueQuantity().getCode());
        assertEquals("exam", obs.getCategoryFirstRep().getCodingFirstRep().getCode());
    }

    @Test
    void measuresOfOneVendorGroupKeepDistinctIdentifiers() {
        var keys =
                mapper
                        .mapAll(MappingFixtures.allSingleMetrics().subList(0, 5), MappingFixtures.CTX)
                        .resources()
                        .stream()
                        .map(MappingResult.MappedResource::key)
                        .collect(Collectors.toSet());

        assertEquals(5, keys.size(), keys::toString);
        assertTrue(keys.contains(new ResourceKey("urn:ohe:withings:fat_mass", "wu-7:grp-1")));
    }

    @Test
    void mappingTheSameRecordTwiceGivesTheSameResourceAndKey() {
        var parser = FhirContexts.r4().newJsonParser();
        var first = mapper.map(everything(), MappingFixtures.CTX);
        var second = mapper.map(everything(), MappingFixtures.CTX);

        for (int i = 0; i < first.size(); i++) {
            assertEquals(parser.encodeResourceToString(first.get(i)), parser.encodeResourceToString(second.get(i)));
            assertEquals(ResourceKey.of(first.get(i)), ResourceKey.of(second.get(i)));
        }
    }

    @Test
    void theKeyGivesTheConditionalCreateSearch() {
        var weight = mapper.map(List.of(MappingFixtures.weight()), MappingFixtures.CTX)
                .get(0);

        assertEquals(Optional.of(new ResourceKey("urn:ohe:withings:weight", "wu-7:grp-1")), ResourceKey.of(weight));
        assertEquals(
                "identifier=urn:ohe:withings:weight|wu-7:grp-1",
                ResourceKey.of(weight).orElseThrow().ifNoneExist());
    }

    @Test
    void theSameVendorIdOfTwoAccountsNeverSharesAnIdentifier() {
        var record = MappingFixtures.weight();
        var other = MappingContext.forEhrUser("ehr-43", "wu-8");
        var tricky = MappingContext.forEhrUser("ehr-44", "wu:7");

        var mine = ResourceKey.of(
                        mapper.map(List.of(record), MappingFixtures.CTX).get(0))
                .orElseThrow();
        var theirs = ResourceKey.of(mapper.map(List.of(record), other).get(0)).orElseThrow();
        var colon = ResourceKey.of(mapper.map(List.of(record), tricky).get(0)).orElseThrow();

        assertNotEquals(mine, theirs);
        assertEquals("wu%3A7:grp-1", colon.value());
        assertEquals(Optional.of("grp-1"), ResourceKey.sourceIdOf("wu:7", colon.value()));
        assertEquals(Optional.empty(), ResourceKey.sourceIdOf("wu-8", mine.value()));
        assertThrows(IllegalArgumentException.class, () -> MappingContext.forEhrUser("ehr-45", " "));
    }

    @Test
    void deviceReferencesAreConditionalReferencesTheEhrCanResolve() {
        var obs = (Observation) mapper.map(List.of(MappingFixtures.weight()), MappingFixtures.CTX)
                .get(0);

        assertEquals(
                "Device?identifier=urn:ohe:withings:device|wu-7:dev-1",
                obs.getDevice().getReference());
        assertEquals("wu-7:dev-1", obs.getDevice().getIdentifier().getValue());
    }

    @Test
    void vendorIdsWithSearchSyntaxAreEscapedSoTheyStillFindOneResource() {
        var key = ResourceKey.of("sikka", "appointment", "a|b,c&d=e f$\\ü");

        assertEquals(
                "identifier=urn:ohe:sikka:appointment|a%5C%7Cb%5C%2Cc%26d%3De%20f%5C%24%5C%5C%C3%BC",
                key.ifNoneExist());
    }

    @Test
    void bloodPressureHalvesBecomeOnePanelThatReportsBothSources() {
        var records = new ArrayList<HealthRecord>(MappingFixtures.bloodPressure());
        records.add(0, MappingFixtures.weight());
        var result = mapper.mapAll(records, MappingFixtures.CTX);

        assertEquals(2, result.resources().size());
        var panel = result.resources().get(1);
        assertEquals(new ResourceKey("urn:ohe:withings:blood_pressure", "wu-7:grp-2"), panel.key());
        assertEquals(
                List.of("grp-2-sys", "grp-2-dia"),
                panel.sources().stream().map(HealthRecord::sourceId).toList());
        var obs = (Observation) panel.resource();
        assertValid(obs);
        assertEquals(
                "8480-6",
                obs.getComponent().get(0).getCode().getCodingFirstRep().getCode());
        assertEquals(
                new BigDecimal("128"), ((Quantity) obs.getComponent().get(0).getValue()).getValue());
        assertEquals(
                "8462-4",
                obs.getComponent().get(1).getCode().getCodingFirstRep().getCode());
    }

    @Test
    void halfABloodPressureReadingOrAnUnknownMetricIsReportedNotSilentlyDropped() {
        var systolic = MappingFixtures.bloodPressure().get(0);
        var unknown = MappingFixtures.withings(DataType.WEIGHT, "pulse_wave_velocity", "p-1", "7.1", "m/s");
        var result = mapper.mapAll(List.of(systolic, unknown, MappingFixtures.weight()), MappingFixtures.CTX);

        assertEquals(1, result.resources().size());
        assertEquals(
                List.of(systolic, unknown),
                result.unmapped().stream()
                        .map(MappingResult.UnmappedRecord::record)
                        .toList());
        assertTrue(
                result.unmapped().get(0).reason().contains("diastolic"),
                result.unmapped().get(0).reason());
        assertThrows(UnmappableRecordException.class, () -> mapper.map(List.of(unknown), MappingFixtures.CTX));
    }

    @Test
    void aLiteralPatientReferenceIsUsedWhenConfigured() {
        var ctx = new MappingContext(
                "ehr-42", "wu-7", new MappingContext.PatientReference.Literal("123"), Clock.systemUTC());

        var obs =
                (Observation) mapper.map(List.of(MappingFixtures.weight()), ctx).get(0);

        assertValid(obs);
        assertEquals("Patient/123", obs.getSubject().getReference());
        assertEquals(
                "Patient?identifier=urn:example:users|u%26x",
                MappingContext.forEhrUser("u&x", "wu-7", "urn:example:users", Clock.systemUTC())
                        .subject()
                        .getReference());
    }

    @Test
    void ecgLeadsAndSamplingPeriodFollowTheRecording() {
        var aVf = new org.openhealthexchange.core.record.Ecg(
                "withings", "e-2", MappingFixtures.MORNING, 500, new int[] {1, 2, 3}, "aVF", null, null, null);
        var obs = (Observation) mapper.map(List.of(aVf), MappingFixtures.CTX).get(0);

        assertValid(obs);
        assertEquals(1, obs.getComponent().size(), "no heart rate component without a heart rate");
        var lead = obs.getComponentFirstRep();
        assertEquals("131392", lead.getCode().getCodingFirstRep().getCode());
        assertEquals("MDC_ECG_LEAD_aVF", lead.getCode().getCodingFirstRep().getDisplay());
        assertEquals(new BigDecimal("2"), lead.getValueSampledData().getPeriod());
    }

    @Test
    void mappingIsThreadSafe() throws Exception {
        var expected = FhirContexts.r4()
                .newJsonParser()
                .encodeResourceToString(mapper.map(List.of(MappingFixtures.heartRateSeries()), MappingFixtures.CTX)
                        .get(0));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 32; i++) {
                futures.add(pool.submit(() -> FhirContexts.r4()
                        .newJsonParser()
                        .encodeResourceToString(
                                mapper.map(List.of(MappingFixtures.heartRateSeries()), MappingFixtures.CTX)
                                        .get(0))));
            }
            for (var future : futures) {
                assertEquals(expected, future.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWeightInGramsIsConvertedToTheKilogramsOfTheProfile() {
        var grams = new Measurement(
                "withings",
                "g-1",
                DataType.WEIGHT,
                "weight",
                new BigDecimal("72350"),
                "g",
                MappingFixtures.MORNING,
                null,
                null);
        var obs = (Observation) mapper.map(List.of(grams), MappingFixtures.CTX).get(0);

        assertValid(obs);
        assertEquals(0, new BigDecimal("72.35").compareTo(obs.getValueQuantity().getValue()));
        assertEquals("kg", obs.getValueQuantity().getCode());
    }

    @Test
    void heightIsSentInCentimetresBecauseTheBodyHeightProfileRefusesMetres() {
        var obs = (Observation) mapper.map(List.of(MappingFixtures.height()), MappingFixtures.CTX)
                .get(0);
        assertValid(obs);
        assertEquals(0, new BigDecimal("182").compareTo(obs.getValueQuantity().getValue()));

        obs.setValue(ObservationCode.ucum(new BigDecimal("1.82"), "m"));
        assertFalse(R4Validator.shared().validate(obs).valid(), "the EHR would reject a height in m");
    }
}
