package org.openhealthexchange.server.http;

import io.quarkus.runtime.annotations.StaticInitSafe;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands the check of the request URI's syntax from Quarkus' root handler to {@link HttpConventions}. Quarkus 3.20
 * refuses a request URI that {@code java.net.URI} cannot parse (a bad percent escape, {@code []} in the path …)
 * with a bare 400 before any route, unless the JVM property {@code vertx.disableURIValidation} is set; with it set,
 * HttpConventions makes the same check first on every route and answers in the error envelope.
 *
 * <p>The same for header values with control characters (NUL, ESC, DEL …): Netty's HTTP/1 decoder refuses them
 * with a bare 400 before any route, unless {@code vertx.disableHttpHeadersValidation} is set; with it set, they
 * reach HttpConventions, which refuses every header whose name is not an RFC 9110 token or whose value holds a
 * control character, in the envelope. The property also turns off Vert.x's check of response headers: OHE never
 * puts request input into a response header unchecked (query, path and header values with control characters,
 * CR and LF among them, are refused before any resource runs; {@code X-Request-ID} is echoed only when printable).
 *
 * <p>The properties are read once, when Quarkus' HTTP recorder class initialises, which happens after the
 * static-init configuration is built: this empty configuration source (found by the ServiceLoader, static-init
 * safe) is the earliest application code that runs, so it sets the property here. It contributes no keys.
 */
@StaticInitSafe
public class UriValidationHandOver implements ConfigSource {

    static final String PROPERTY = "vertx.disableURIValidation";
    static final String HEADERS_PROPERTY = "vertx.disableHttpHeadersValidation";

    public UriValidationHandOver() {
        for (String property : new String[] {PROPERTY, HEADERS_PROPERTY}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of();
    }

    @Override
    public String getValue(String propertyName) {
        return null;
    }

    @Override
    public String getName() {
        return "ohe-uri-validation-hand-over";
    }

    @Override
    public int getOrdinal() {
        return 0;
    }
}
