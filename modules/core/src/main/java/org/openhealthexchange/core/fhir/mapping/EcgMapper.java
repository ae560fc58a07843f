package org.openhealthexchange.core.fhir.mapping;

import static org.openhealthexchange.core.fhir.mapping.ObservationCategory.PROCEDURE;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.SampledData;
import org.openhealthexchange.core.record.Ecg;

/**
 * An ECG recording to an Observation coded MDC_ECG_ELEC_POTL with one SampledData component per lead (in µV),
 * like the R4 {@code ekg} example, plus a heart-rate component when the device reported one.
 */
final class EcgMapper {

    /** The code system's canonical URI, as the series use it; its OID form would read as a second system. */
    static final String MDC = ObservationCode.MDC;

    private static final ObservationCode ECG = new ObservationCode(
            List.of(new Coding(MDC, "131328", "MDC_ECG_ELEC_POTL")), "ECG", "uV", PROCEDURE, null, 0);

    /** IEEE 11073-10101 lead codes (131328 + lead number). */
    private static final Map<String, String> LEAD_CODES = Map.ofEntries(
            Map.entry("I", "131329"),
            Map.entry("II", "131330"),
            Map.entry("III", "131389"),
            Map.entry("AVR", "131390"),
            Map.entry("AVL", "131391"),
            Map.entry("AVF", "131392"),
            Map.entry("V1", "131331"),
            Map.entry("V2", "131332"),
            Map.entry("V3", "131333"),
            Map.entry("V4", "131334"),
            Map.entry("V5", "131335"),
            Map.entry("V6", "131336"));

    /** Single-lead consumer devices (Withings, Apple, Fitbit) record lead I when they name none. */
    private static final String DEFAULT_LEAD = "I";

    private EcgMapper() {}

    static Observation map(Ecg ecg, MappingContext ctx) {
        if (ecg.microVolts().length == 0) {
            throw new UnmappableRecordException("ECG has no samples");
        }
        var obs = Observations.base(RecordKinds.keyOf(ecg, ctx), ECG, ctx);
        obs.setEffective(FhirTimes.dateTime(ecg.start()));
        var period = SeriesMapper.plain(
                BigDecimal.valueOf(1000).divide(BigDecimal.valueOf(ecg.samplingFrequencyHz()), MathContext.DECIMAL64));
        obs.addComponent()
                .setCode(leadCode(ecg.lead()))
                .setValue(new SampledData()
                        .setOrigin(SeriesMapper.origin("uV"))
                        .setPeriod(period)
                        .setDimensions(1)
                        .setData(SampledDataText.of(ecg.microVolts())));
        if (ecg.heartRate() != null) {
            obs.addComponent()
                    .setCode(ObservationCodes.HEART_RATE.toConcept())
                    .setValue(ObservationCode.ucum(BigDecimal.valueOf(ecg.heartRate()), "/min"));
        }
        if (ecg.classification() != null && !ecg.classification().isBlank()) {
            obs.addInterpretation(new CodeableConcept().setText(ecg.classification()));
        }
        Observations.device(obs, ecg.provider(), ecg.deviceId(), ctx);
        return obs;
    }

    private static CodeableConcept leadCode(String lead) {
        var name = lead == null || lead.isBlank() ? DEFAULT_LEAD : lead.trim();
        var normalized = name.toUpperCase(Locale.ROOT)
                .replace("LEAD", "")
                .replace("_", "")
                .trim();
        var code = LEAD_CODES.get(normalized);
        if (code == null) {
            return new CodeableConcept().setText(name);
        }
        var display = "MDC_ECG_LEAD_" + (normalized.startsWith("AV") ? "a" + normalized.substring(1) : normalized);
        return new CodeableConcept(new Coding(MDC, code, display));
    }
}
