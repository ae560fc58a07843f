package org.openhealthexchange.provider.withings.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WithingsFormTest {

    @Test
    void encodesAndDecodesReservedCharacters() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("callbackurl", "https://ohe.example/webhooks/withings/?token=a&b c");
        fields.put("appli", "4");

        String body = WithingsForm.encode(fields);

        assertEquals("callbackurl=https%3A%2F%2Fohe.example%2Fwebhooks%2Fwithings%2F%3Ftoken%3Da%26b+c&appli=4", body);
        assertEquals(fields, WithingsForm.decode(body));
    }

    @Test
    void theFirstOfARepeatedFieldWins() {
        assertEquals(Map.of("userid", "1", "appli", "4"), WithingsForm.decode("userid=1&appli=4&userid=2"));
    }
}
