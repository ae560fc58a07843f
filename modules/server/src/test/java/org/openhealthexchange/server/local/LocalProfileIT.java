package org.openhealthexchange.server.local;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The README's run command uses the local profile: it must come up on its own embedded PostgreSQL, no token needed. */
@QuarkusTest
@TestProfile(LocalProfileIT.Local.class)
class LocalProfileIT {

    /** The local profile, with its data directory under target/. */
    public static class Local implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "local";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ohe.local-postgres.data-dir",
                    "target/local-profile-it/postgres",
                    "quarkus.datasource.sqlhk-h2.jdbc.url",
                    "jdbc:h2:file:./target/local-profile-it/sqlhk;MODE=MSSQLServer");
        }
    }

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void theDatasourceIsTheEmbeddedPostgres() {
        assertTrue(jdbcUrl.startsWith("jdbc:postgresql://localhost:") && jdbcUrl.endsWith("/ohe"), jdbcUrl);
        given().get("/api/metrics/health/")
                .then()
                .statusCode(200)
                .body("checks.database.status", equalTo("healthy"))
                .body("checks.redis.backend", equalTo("in-process"));
    }

    @Test
    void integratorEndpointsNeedNoTokenLocally() {
        given().get("/api/base/jobs/").then().statusCode(200).body("count", equalTo(0));
    }
}
