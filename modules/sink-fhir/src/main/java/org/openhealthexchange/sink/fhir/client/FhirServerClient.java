package org.openhealthexchange.sink.fhir.client;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Clock;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.openhealthexchange.core.http.RateLimits;

/**
 * Sends one transaction or batch Bundle to the EHR with HAPI's generic client and turns every failure into a
 * classified {@link FhirCallException}. A client is created per request (cheap: the factory pools connections)
 * so that its interceptors, which carry the token and capture Retry-After, are never shared between threads.
 */
public final class FhirServerClient {

    private final IRestfulClientFactory factory;
    private final String baseUrl;
    private final FhirAuth auth;
    private final Clock clock;

    public FhirServerClient(IRestfulClientFactory factory, String baseUrl, FhirAuth auth, Clock clock) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public FhirAuth auth() {
        return auth;
    }

    public Bundle send(Bundle bundle) throws FhirCallException {
        return call(client -> client.transaction().withBundle(bundle).execute());
    }

    /**
     * Searches must see what the previous transaction wrote: HAPI's JPA server reuses a search's results for a minute
     * by default, so a Patient created a moment ago would still be "missing". {@code Cache-Control: no-cache} skips it.
     */
    private static final ca.uhn.fhir.rest.api.CacheControlDirective NO_CACHE =
            new ca.uhn.fhir.rest.api.CacheControlDirective().setNoCache(true);

    /** Every resource a search ({@code Type?params}) finds, following the server's next links. */
    public java.util.List<org.hl7.fhir.r4.model.Resource> searchAll(String search) throws FhirCallException {
        return call(client -> all(
                client,
                client.search()
                        .byUrl(search)
                        .cacheControl(NO_CACHE)
                        .returnBundle(Bundle.class)
                        .execute()));
    }

    /**
     * The {@code type} resources carrying any of {@code identifiers}, with only {@code elements}: a {@code POST
     * Type/_search} (a form body), as a chunk's identifiers make a query too long for a URL.
     */
    public java.util.List<org.hl7.fhir.r4.model.Resource> searchByIdentifiers(
            String type, java.util.List<org.hl7.fhir.r4.model.Coding> identifiers, String... elements)
            throws FhirCallException {
        return call(client -> all(
                client,
                client.search()
                        .forResource(type)
                        .where(new ca.uhn.fhir.rest.gclient.TokenClientParam("identifier")
                                .exactly()
                                .codings(identifiers.toArray(org.hl7.fhir.r4.model.Coding[]::new)))
                        .elementsSubset(elements)
                        .count(Math.max(100, 2 * identifiers.size()))
                        .usingStyle(ca.uhn.fhir.rest.api.SearchStyleEnum.POST)
                        .cacheControl(NO_CACHE)
                        .returnBundle(Bundle.class)
                        .execute()));
    }

    private static java.util.List<org.hl7.fhir.r4.model.Resource> all(
            ca.uhn.fhir.rest.client.api.IGenericClient client, Bundle first) {
        var found = new java.util.ArrayList<org.hl7.fhir.r4.model.Resource>();
        Bundle page = first;
        while (true) {
            page.getEntry().forEach(e -> found.add(e.getResource()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                return found;
            }
            page = client.loadPage().next(page).execute();
        }
    }

    private <T> T call(java.util.function.Function<ca.uhn.fhir.rest.client.api.IGenericClient, T> request)
            throws FhirCallException {
        var client = factory.newGenericClient(baseUrl);
        client.setEncoding(EncodingEnum.JSON);
        auth.authorize(client);
        var retryAfter = new RetryAfterCapture();
        client.registerInterceptor(retryAfter);
        try {
            return request.apply(client);
        } catch (FhirClientConnectionException e) {
            // HAPI reports "no response at all" (refused, reset, timed out) as a 500; it is an I/O failure.
            throw FhirCallException.forStatus(0, "no response from the EHR (" + rootCause(e) + ")", null);
        } catch (BaseServerResponseException e) {
            throw FhirCallException.forStatus(
                    e.getStatusCode(),
                    describe(e),
                    RateLimits.retryAfter(retryAfter.value, clock).orElse(null));
        } catch (RuntimeException e) {
            throw new FhirCallException(
                    FhirCallException.Kind.RETRYABLE,
                    0,
                    "request to the EHR failed: " + e.getClass().getSimpleName(),
                    null);
        }
    }

    /** "HTTP 422 Unprocessable Entity: <OperationOutcome diagnostics>" without the request URL or headers. */
    private static String describe(BaseServerResponseException e) {
        var text = "HTTP " + e.getStatusCode();
        if (e.getOperationOutcome() instanceof OperationOutcome outcome) {
            var issues = Outcomes.text(outcome);
            if (!issues.isEmpty()) {
                return text + ": " + issues;
            }
        }
        return text;
    }

    private static String rootCause(Throwable e) {
        var cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    /** Remembers the Retry-After of the response HAPI turns into an exception (the exception drops headers). */
    private static final class RetryAfterCapture implements IClientInterceptor {

        private volatile String value;

        @Override
        public void interceptRequest(IHttpRequest request) {}

        @Override
        public void interceptResponse(IHttpResponse response) {
            var headers = response.getHeaders("Retry-After");
            value = headers == null || headers.isEmpty() ? null : headers.get(0);
        }
    }
}
