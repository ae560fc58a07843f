package org.openhealthexchange.sandbox.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VendorFaultsTest {

    static List<Optional<FaultyVendor.Kind>> draws(VendorFaults f, FaultyVendor v, int n) {
        List<Optional<FaultyVendor.Kind>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.next(v));
        }
        return out;
    }

    @Test
    void oneSeedGivesOneSequenceAndTheRateHolds() {
        var settings = VendorFaults.Settings.of(0.2, Map.of(), 42, 1);
        var a = draws(new VendorFaults(settings), FaultyVendor.WITHINGS, 10_000);
        assertEquals(a, draws(new VendorFaults(settings), FaultyVendor.WITHINGS, 10_000));
        long faults = a.stream().filter(Optional::isPresent).count();
        assertTrue(faults > 1_700 && faults < 2_300, faults + " of 10000 at 0.2");
        var kinds = EnumSet.noneOf(FaultyVendor.Kind.class);
        a.forEach(k -> k.ifPresent(kinds::add));
        assertEquals(EnumSet.copyOf(FaultyVendor.WITHINGS.kinds()), kinds, "every kind of Withings' occurs");
        assertTrue(
                !a.equals(draws(
                        new VendorFaults(VendorFaults.Settings.of(0.2, Map.of(), 43, 1)),
                        FaultyVendor.WITHINGS,
                        10_000)),
                "another seed, another sequence");
    }

    @Test
    void perVendorRatesOverrideTheCommonOneAndZeroIsOff() {
        var f = new VendorFaults(VendorFaults.Settings.of(0.0, Map.of(FaultyVendor.CALLDOC, 1.0), 1, 1));
        assertTrue(draws(f, FaultyVendor.CALLDOC, 100).stream().allMatch(Optional::isPresent));
        assertTrue(draws(f, FaultyVendor.WITHINGS, 100).stream().noneMatch(Optional::isPresent));
        assertEquals(
                100L,
                f.injected().get("calldoc").values().stream()
                        .mapToLong(Long::longValue)
                        .sum());
        assertEquals(Map.of("calldoc", 100L, "withings", 100L), f.calls());
        assertThrows(IllegalArgumentException.class, () -> VendorFaults.Settings.of(1.5, Map.of(), 1, 1));
    }

    @Test
    void onlyDataCallsAreFaultable() {
        assertEquals(Optional.of(FaultyVendor.WITHINGS), FaultyVendor.dataCall("POST", "/sandbox/withings/measure"));
        assertEquals(Optional.of(FaultyVendor.WITHINGS), FaultyVendor.dataCall("POST", "/sandbox/withings/v2/heart"));
        assertFalse(FaultyVendor.dataCall("POST", "/sandbox/withings/v2/oauth2").isPresent());
        assertFalse(FaultyVendor.dataCall("POST", "/sandbox/withings/notify").isPresent());
        assertEquals(
                Optional.of(FaultyVendor.GOOGLE_HEALTH),
                FaultyVendor.dataCall("GET", "/sandbox/google-health/v4/users/me/dataTypes/heart-rate/dataPoints"));
        assertFalse(
                FaultyVendor.dataCall("POST", "/sandbox/google-health/token").isPresent());
        assertFalse(FaultyVendor.dataCall("GET", "/sandbox/google-health/v4/users/me/identity")
                .isPresent());
        assertEquals(
                Optional.of(FaultyVendor.FITBIT),
                FaultyVendor.dataCall("GET", "/sandbox/fitbit/1/user/-/activities/heart/date/2025-03-01/1d/1min.json"));
        assertEquals(
                Optional.of(FaultyVendor.FITBIT),
                FaultyVendor.dataCall("GET", "/sandbox/fitbit/1.2/user/-/sleep/date/2025-03-01/2025-03-02.json"));
        assertFalse(FaultyVendor.dataCall("POST", "/sandbox/fitbit/1/user/-/apiSubscriptions/ohe.json")
                .isPresent());
        assertFalse(FaultyVendor.dataCall("GET", "/sandbox/fitbit/1/user/-/apiSubscriptions.json")
                .isPresent());
        assertFalse(
                FaultyVendor.dataCall("POST", "/sandbox/fitbit/oauth2/token").isPresent());
        assertEquals(
                Optional.of(FaultyVendor.CALLDOC),
                FaultyVendor.dataCall("GET", "/sandbox/calldoc/api/v1/frontend/appointment_search/"));
        assertFalse(FaultyVendor.dataCall("GET", "/sandbox/calldoc/faults").isPresent());
    }

    @Test
    void repliesAreInTheVendorsOwnShape() {
        var w = FaultyVendor.WITHINGS.reply(FaultyVendor.Kind.STATUS_601, 1);
        assertEquals(200, w.status());
        assertTrue(w.body().contains("\"status\":601"), w.body());
        var g = FaultyVendor.GOOGLE_HEALTH.reply(FaultyVendor.Kind.HTTP_429, 1);
        assertEquals("1", g.headers().get("Retry-After"));
        assertTrue(g.body().contains("\"status\":\"RESOURCE_EXHAUSTED\""), g.body());
        var f = FaultyVendor.FITBIT.reply(FaultyVendor.Kind.HTTP_429, 1);
        assertEquals("1", f.headers().get("Fitbit-Rate-Limit-Reset"));
        assertEquals("0", f.headers().get("Fitbit-Rate-Limit-Remaining"));
        assertTrue(f.body().startsWith("{\"errors\":[{\"errorType\":\"system\""), f.body());
    }
}
