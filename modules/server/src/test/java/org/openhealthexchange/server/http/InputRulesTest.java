package org.openhealthexchange.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputRulesTest {

    @Test
    void controlCharactersAndOverLongValuesAreProblems() {
        assertTrue(InputRules.problem("a\u0000b", 10).isPresent());
        assertTrue(InputRules.problem("tab\there", 10).isPresent());
        assertTrue(InputRules.problem("c1\u0085", 10).isPresent());
        assertTrue(InputRules.problem("del\u007f", 10).isPresent());
        assertTrue(InputRules.problem("x".repeat(11), 10).isPresent());
        assertEquals(Optional.empty(), InputRules.problem("x".repeat(10), 10));
        assertEquals(Optional.empty(), InputRules.problem("Müller-ß €", 64));
        assertEquals(Optional.empty(), InputRules.problem(null, 1));
        assertFalse(
                InputRules.problem("SECRET\u0000", 10).get().contains("SECRET"), "the problem never quotes the value");
    }

    @Test
    void quotingCutsAndNeutralises() {
        String quoted = InputRules.quote("p".repeat(100_000));
        assertEquals(InputRules.QUOTE_LENGTH + 1, quoted.length());
        assertTrue(quoted.endsWith("…"));
        assertEquals("a?b?", InputRules.quote("a\u0000b\n"));
        assertEquals("short", InputRules.quote("short"));
    }

    @Test
    void errorBodiesAreBoundedWhateverTheyQuote() {
        String message = InputRules.boundedMessage("Invalid: " + "x".repeat(100_000));
        assertTrue(message.length() <= InputRules.MAX_MESSAGE_LENGTH + 1, "" + message.length());
        Map<String, Object> details = InputRules.boundedDetails(Map.of("field", List.of("y".repeat(100_000))));
        assertTrue(((List<?>) details.get("field")).get(0).toString().length() <= InputRules.MAX_MESSAGE_LENGTH + 1);
        ErrorEnvelope envelope =
                ErrorEnvelope.of("validation_error", "z".repeat(50_000), Map.of("k", "v".repeat(50_000)), "r");
        assertTrue(envelope.message().length() <= InputRules.MAX_MESSAGE_LENGTH + 1);
        assertTrue(envelope.details().get("k").toString().length() <= InputRules.MAX_MESSAGE_LENGTH + 1);
    }

    @Test
    void percentDecodingIsStrict() {
        assertEquals(Optional.of("a b"), InputRules.decode("a+b", true));
        assertEquals(Optional.of("a+b"), InputRules.decode("a+b", false));
        assertEquals(Optional.of("\u0000"), InputRules.decode("%00", true));
        assertEquals(Optional.of("é/x"), InputRules.decode("%C3%A9%2Fx", false));
        for (String bad : List.of("%", "%z1", "%4", "%C0%AF", "%FF", "%ED%A0%80", "%C3")) {
            assertEquals(Optional.empty(), InputRules.decode(bad, true), bad);
        }
    }

    @Test
    void namedParametersHaveTheirColumnsLengths() {
        assertEquals(128, InputRules.limitFor("ehr_user_id", 2048));
        assertEquals(64, InputRules.limitFor("state", 2048));
        assertEquals(2048, InputRules.limitFor("code", 2048));
    }
}
