package org.openhealthexchange.provider.fitbit.google;

import java.net.URI;
import org.openhealthexchange.core.spi.AccessTokenSource;
import org.openhealthexchange.core.spi.AuthorizationRequest;
import org.openhealthexchange.core.spi.FetchOutcome;
import org.openhealthexchange.core.spi.FetchRequest;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.core.spi.RecordBatchConsumer;
import org.openhealthexchange.core.spi.TokenGrant;
import org.openhealthexchange.provider.fitbit.FitbitApi;
import org.openhealthexchange.provider.fitbit.FitbitSettings;

/** STUB: to be implemented. */
public class GoogleHealthApi implements FitbitApi {

    private final FitbitSettings settings;

    public GoogleHealthApi(FitbitSettings settings) {
        this.settings = settings;
    }

    @Override
    public String generation() {
        throw new UnsupportedOperationException();
    }

    @Override
    public URI authorizationUrl(AuthorizationRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TokenGrant exchange(String code, String redirectUri, String codeVerifier) throws ProviderException {
        throw new UnsupportedOperationException();
    }

    @Override
    public TokenGrant refresh(String refreshToken) throws ProviderException {
        throw new UnsupportedOperationException();
    }

    @Override
    public void revoke(TokenGrant grant) throws ProviderException {
        throw new UnsupportedOperationException();
    }

    @Override
    public FetchOutcome fetch(FetchRequest request, RecordBatchConsumer out) throws ProviderException {
        throw new UnsupportedOperationException();
    }

    @Override
    public void subscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unsubscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException {
        throw new UnsupportedOperationException();
    }
}
