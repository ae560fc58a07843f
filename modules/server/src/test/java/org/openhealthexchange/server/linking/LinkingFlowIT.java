package org.openhealthexchange.server.linking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.ProviderException;
import org.openhealthexchange.server.connections.ConnectionCredentials;
import org.openhealthexchange.server.connections.ProviderConnection;
import org.openhealthexchange.server.testing.FakeAdapters;
import org.openhealthexchange.server.testing.FakeAdaptersProfile;
import org.openhealthexchange.server.testing.TestTokens;
import org.openhealthexchange.server.vault.TokenVault;

/** The provider-neutral linking flow and token handling, against a fake OAuth provider ("acme"). */
@QuarkusTest
@TestProfile(FakeAdaptersProfile.class)
class LinkingFlowIT {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ConnectionCredentials tokens;

    @Inject
    TokenVault vault;

    private static String stateFrom(String location) {
        String query = URI.create(location).getQuery();
        for (String part : query.split("&")) {
            if (part.startsWith("state=")) {
                return part.substring(6);
            }
        }
        throw new AssertionError("no state in " + location);
    }

    private String startLink(String user) {
        String location = given().auth()
                .oauth2(TestTokens.forUsers(user))
                .redirects()
                .follow(false)
                .get("/api/base/link/acme/?ehr_user_id=" + user)
                .then()
                .statusCode(302)
                .header("Location", containsString("code_challenge="))
                .extract()
                .header("Location");
        return stateFrom(location);
    }

    private ProviderConnection link(String user) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ProviderConnection.forUser("acme", user).orElse(null));
    }

    @Test
    void aUserLinksAnAccountAndTheTokensAreEncryptedAtRest() throws Exception {
        String state = startLink("u-link-1");
        given().get("/api/base/link/acme/callback/?code=c1&state=" + state)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("linked"));

        ProviderConnection link = link("u-link-1");
        assertTrue(link.active);
        assertEquals("acme-c1", link.externalUserId);
        try (var c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT access_token_enc, refresh_token_enc FROM provider_link WHERE id = " + link.id)) {
            rs.next();
            assertFalse(rs.getString(1).contains("access-c1"), "access token stored in clear");
            assertFalse(rs.getString(2).contains("refresh-c1"), "refresh token stored in clear");
            assertEquals("access-c1", vault.decrypt(rs.getString(1)));
        }
        String token = TestTokens.forUsers("u-link-1");
        given().auth()
                .oauth2(token)
                .get("/api/base/link/acme/status/?ehr_user_id=u-link-1")
                .then()
                .statusCode(200)
                .body("linked", equalTo(true))
                .body("total_links", equalTo(1))
                .body("links[0].provider_name", equalTo("Acme Wearables"))
                .body("links[0].external_user_id", equalTo("acme-c1"))
                .body("links[0].linked_at", containsString("T"));
        given().auth()
                .oauth2(token)
                .get("/api/base/sync/providers/?ehr_user_id=u-link-1")
                .then()
                .statusCode(200)
                .body("total_providers", equalTo(1))
                .body("connected_providers[0].provider.provider_type", equalTo("acme"))
                .body("connected_providers[0].external_user_id", equalTo("acme-c1"));
        given().auth()
                .oauth2(token)
                .get("/api/base/jobs/?ehr_user_id=u-link-1")
                .then()
                .statusCode(200)
                .body("results.type", hasItem("provider.sync"));
    }

    @Test
    void statesAreSingleUseBoundAndExpiring() throws Exception {
        String state = startLink("u-link-2");
        given().get("/api/base/link/acme/callback/?code=c2&state=" + state)
                .then()
                .statusCode(200);
        given().get("/api/base/link/acme/callback/?code=c2&state=" + state)
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_state"));
        given().get("/api/base/link/acme/callback/?code=c2&state=forged").then().statusCode(400);
        given().accept("text/html")
                .get("/api/base/link/acme/callback/?code=c2&state=forged")
                .then()
                .statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("not linked"));

        String expired = startLink("u-link-3");
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "UPDATE oauth_state SET expires_at = now() - interval '1 minute' WHERE state = ?")) {
            ps.setString(1, expired);
            ps.executeUpdate();
        }
        given().get("/api/base/link/acme/callback/?code=c3&state=" + expired)
                .then()
                .statusCode(400)
                .body("error", equalTo("expired_state"));
        assertEquals(null, link("u-link-3"));

        String denied = startLink("u-link-4");
        given().get("/api/base/link/acme/callback/?error=access_denied&state=" + denied)
                .then()
                .statusCode(400)
                .body("error", equalTo("access_denied"));
        String refused = startLink("u-link-4");
        given().get("/api/base/link/acme/callback/?code=bad&state=" + refused)
                .then()
                .statusCode(502)
                .body("error", equalTo("vendor_error"));
        assertEquals(null, link("u-link-4"), "no link written when the vendor refused");
    }

    @Test
    void linkingNeedsATokenForThatUserAndAKnownProvider() {
        given().redirects()
                .follow(false)
                .get("/api/base/link/acme/?ehr_user_id=u9")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(TestTokens.forUsers("someone-else"))
                .redirects()
                .follow(false)
                .get("/api/base/link/acme/?ehr_user_id=u9")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(TestTokens.forUsers("*"))
                .redirects()
                .follow(false)
                .get("/api/base/link/acme/")
                .then()
                .statusCode(400)
                .body("details.ehr_user_id[0]", equalTo("This field is required."));
        given().auth()
                .oauth2(TestTokens.forUsers("*"))
                .redirects()
                .follow(false)
                .get("/api/base/link/nosuch/?ehr_user_id=u9")
                .then()
                .statusCode(404);
    }

    @Test
    void concurrentRefreshesOfOneLinkRefreshOnce() throws Exception {
        String state = startLink("u-refresh");
        given().get("/api/base/link/acme/callback/?code=cr&state=" + state)
                .then()
                .statusCode(200);
        long id = link("u-refresh").id;
        expire(id);
        int before = FakeAdapters.AcmeLinking.REFRESHES.get();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<String>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(pool.submit(() -> tokens.forConnection(id).current()));
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (Future<String> f : results) {
            seen.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, FakeAdapters.AcmeLinking.REFRESHES.get() - before, "refreshed more than once");
        assertEquals(1, seen.size(), "callers got different tokens: " + seen);
        ProviderConnection after = link("u-refresh");
        assertEquals(seen.iterator().next(), vault.decrypt(after.accessTokenEnc));
        assertTrue(after.tokenExpiresAt.isAfter(Instant.now()));
    }

    @Test
    void aRefusedRefreshDeactivatesTheLinkWithAReason() throws Exception {
        String state = startLink("u-revoked");
        given().get("/api/base/link/acme/callback/?code=cv&state=" + state)
                .then()
                .statusCode(200);
        long id = link("u-revoked").id;
        QuarkusTransaction.requiringNew().run(() -> {
            ProviderConnection l = ProviderConnection.findById(id);
            l.refreshTokenEnc = vault.encrypt("revoked-by-user");
            l.tokenExpiresAt = Instant.now().minusSeconds(60);
        });
        var e = assertThrows(
                ProviderException.class, () -> tokens.forConnection(id).current());
        assertEquals(ProviderException.Kind.GRANT_REVOKED, e.kind());
        given().auth()
                .oauth2(TestTokens.forUsers("u-revoked"))
                .get("/api/base/link/acme/status/?ehr_user_id=u-revoked")
                .then()
                .statusCode(200)
                .body("linked", equalTo(false))
                .body("links[0].active", equalTo(false))
                .body("links[0].deactivated_reason", containsString("refresh refused"));
    }

    @Test
    void unlinkingDeactivatesAndForgetsTheTokens() {
        String state = startLink("u-unlink");
        given().get("/api/base/link/acme/callback/?code=cu&state=" + state)
                .then()
                .statusCode(200);
        String token = TestTokens.forUsers("u-unlink");
        given().auth()
                .oauth2(token)
                .delete("/api/base/link/acme/?ehr_user_id=u-unlink")
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(token)
                .delete("/api/base/link/acme/?ehr_user_id=u-unlink")
                .then()
                .statusCode(404);
        ProviderConnection l = link("u-unlink");
        assertFalse(l.active);
        assertEquals(null, l.accessTokenEnc);
        given().auth()
                .oauth2(token)
                .get("/api/base/sync/providers/?ehr_user_id=u-unlink")
                .then()
                .body("total_providers", equalTo(0));
    }

    private void expire(long id) {
        QuarkusTransaction.requiringNew().run(() -> {
            ProviderConnection l = ProviderConnection.findById(id);
            l.tokenExpiresAt = Instant.now().minusSeconds(60);
        });
    }
}
