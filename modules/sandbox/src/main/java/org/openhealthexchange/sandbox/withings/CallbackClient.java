package org.openhealthexchange.sandbox.withings;

import java.io.IOException;
import java.net.URI;

/** The HTTP calls the simulator makes toward the application, as Withings' servers do. */
interface CallbackClient {

    /** {@code HEAD callbackurl} at subscribe time; returns the HTTP status. */
    int head(URI callback) throws IOException;

    /** A notification: {@code POST callbackurl} with an {@code application/x-www-form-urlencoded} body. */
    int postForm(URI callback, String formBody) throws IOException;
}
