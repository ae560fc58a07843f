package org.openhealthexchange.provider.fitbit.google;

import org.openhealthexchange.provider.fitbit.FakeVendor;

/** A loopback Google stand-in: replies queued per path (the last one repeats), every call recorded. */
final class FakeGoogleHealth extends FakeVendor {

    FakeGoogleHealth() {
        super(Call::path, Reply.json(404, "{}"));
    }

    FakeGoogleHealth json(String path, int status, String body) {
        reply(path, Reply.json(status, body));
        return this;
    }
}
