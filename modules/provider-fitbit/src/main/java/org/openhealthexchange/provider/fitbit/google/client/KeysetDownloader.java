package org.openhealthexchange.provider.fitbit.google.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.openhealthexchange.core.http.HttpTimeouts;
import org.openhealthexchange.core.http.VendorHttp;
import org.openhealthexchange.core.spi.ProviderException;

/** Downloads the Tink public keyset that verifies {@code X-HEALTHAPI-SIGNATURE}, once per call (no retry). */
public final class KeysetDownloader {

    private final VendorHttp http;

    public KeysetDownloader(HttpTimeouts timeouts) {
        this.http = new VendorHttp("Google Health keyset", timeouts);
    }

    /** The keyset JSON; an {@link IOException} when unreachable or not answered with 200. */
    public String fetch(String url) throws IOException {
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).GET(), "GET");
        } catch (ProviderException e) {
            throw new IOException(e.getMessage(), e.getCause());
        }
        if (r.statusCode() != 200) {
            throw new IOException("keyset URL answered " + r.statusCode());
        }
        return r.body();
    }
}
