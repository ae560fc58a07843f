package org.openhealthexchange.provider.calldoc.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class StandardWebhookSignerTest {

    @Test
    void matchesTheStandardWebhooksSpecificationExample() {
        var signer = new StandardWebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertEquals(
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}"));
    }

    @Test
    void anyChangeOfIdTimestampOrBodyChangesTheSignature() {
        var signer = new StandardWebhookSigner("plain-secret");
        String base = signer.sign("msg_1", 1700000000L, "{}");
        assertNotEquals(base, signer.sign("msg_2", 1700000000L, "{}"));
        assertNotEquals(base, signer.sign("msg_1", 1700000001L, "{}"));
        assertNotEquals(base, signer.sign("msg_1", 1700000000L, "{ }"));
    }
}
