package org.openhealthexchange.sink.fhir.client;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.util.Objects;

/** Puts credentials on the generic client used for one request. */
public interface FhirAuth {

    FhirAuth NONE = new FhirAuth() {
        @Override
        public void authorize(IGenericClient client) {}

        @Override
        public String toString() {
            return "FhirAuth[none]";
        }
    };

    /** Registers this request's credentials; may fetch a token first. */
    void authorize(IGenericClient client) throws FhirCallException;

    /** Called once after the EHR answered 401; true if a fresh credential is now available to retry with. */
    default boolean renewAfterRejection() {
        return false;
    }

    static FhirAuth bearer(String token) {
        return new StaticBearer(token);
    }

    /** A configured token that never changes: a 401 cannot be fixed by retrying. */
    public final class StaticBearer implements FhirAuth {

        private final String token;

        StaticBearer(String token) {
            this.token = Objects.requireNonNull(token, "token");
        }

        @Override
        public void authorize(IGenericClient client) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        }

        @Override
        public String toString() {
            return "FhirAuth[bearer ***]";
        }
    }

    /** SMART Backend Services: the cached access token of a {@link SmartTokenSource}. */
    public final class Smart implements FhirAuth {

        private final SmartTokenSource tokens;

        public Smart(SmartTokenSource tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
        }

        @Override
        public void authorize(IGenericClient client) throws FhirCallException {
            client.registerInterceptor(new BearerTokenAuthInterceptor(tokens.current()));
        }

        @Override
        public boolean renewAfterRejection() {
            tokens.invalidate();
            return true;
        }

        @Override
        public String toString() {
            return "FhirAuth[smart " + tokens + "]";
        }
    }
}
