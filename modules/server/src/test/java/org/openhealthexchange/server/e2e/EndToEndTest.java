package org.openhealthexchange.server.e2e;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.openhealthexchange.server.connections.ConnectionCredentials;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.providers.ProviderRegistry;
import org.openhealthexchange.server.testing.TestTokens;
import org.openhealthexchange.server.vault.TokenVault;

/** What every vendor end-to-end test has: one EHR user linked to one provider, and the pipeline to wait for. */
abstract class EndToEndTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ProviderRegistry registry;

    @Inject
    ConnectionCredentials tokens;

    @Inject
    TokenVault vault;

    /** This test run's own base URL (vendors' simulators call back to it). */
    @ConfigProperty(name = "ohe-test.base-url")
    String baseUrl;

    /** The EHR user this test links. */
    abstract String user();

    /** The provider this test links. */
    abstract String provider();

    String token() {
        return TestTokens.forUsers(user());
    }

    ProviderConnection link() {
        return QuarkusTransaction.requiringNew()
                .call(() -> ProviderConnection.forUser(provider(), user()).orElseThrow());
    }

    void awaitQuiet() throws Exception {
        E2eSupport.awaitQuiet(dataSource);
    }

    long count(String sql) throws SQLException {
        return E2eSupport.count(dataSource, sql);
    }

    /** The identifiers the vendor's own data of the window maps to. */
    Set<String> expectedIdentifiers(Instant start, Instant end) throws Exception {
        return E2eSupport.expectedIdentifiers(registry.adapter(provider()).orElseThrow(), link(), tokens, start, end);
    }

    /** The window the link's first backfill covered. */
    Instant[] backfillWindow() throws SQLException {
        return E2eSupport.backfillWindow(dataSource, user(), provider());
    }

    /** The EHR holds exactly the vendor's data of the backfill window, and every resource is valid R4. */
    void assertTheEhrHoldsExactlyTheBackfill() throws Exception {
        Instant[] window = backfillWindow();
        E2eSupport.assertEhrHoldsExactly(user(), expectedIdentifiers(window[0], window[1]));
    }
}
