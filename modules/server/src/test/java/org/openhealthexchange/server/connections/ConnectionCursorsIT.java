package org.openhealthexchange.server.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openhealthexchange.core.spi.credentials.Credential;
import org.openhealthexchange.core.spi.credentials.OAuthRefresher;
import org.openhealthexchange.server.testing.FakeAdaptersProfile;

/** The per-stream cursors of a connection: the adapter's cursor, and each data type's synced window end. */
@QuarkusTest
@TestProfile(FakeAdaptersProfile.class)
class ConnectionCursorsIT {

    @Inject
    ConnectionService connections;

    @Inject
    ConnectionCursors cursors;

    @Test
    void eachStreamKeepsItsOwnPositionAndAWindowEndNeverMovesBack() {
        long id = connections.link(
                        "cc-acme",
                        Subject.user("cc-u1"),
                        "cc-ext-1",
                        new Credential(OAuthRefresher.KIND, "a", "r", null, Set.of()))
                .id;
        assertEquals(Optional.empty(), cursors.adapterCursor(id));
        Instant t1 = Instant.parse("2026-03-02T00:00:00Z");
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        cursors.synced(id, List.of("heart_rate", "steps"), t1);
        cursors.synced(id, List.of("steps"), t0); // an older backfill
        cursors.advanceAdapterCursor(id, "c-1");
        cursors.advanceAdapterCursor(id, "c-2");
        assertEquals(Optional.of("c-2"), cursors.adapterCursor(id));
        assertEquals(t1, cursors.get(id, "heart_rate").orElseThrow().windowEnd());
        assertEquals(t1, cursors.get(id, "steps").orElseThrow().windowEnd(), "moved back by an older window");
        assertNull(
                cursors.get(id, ConnectionCursors.ADAPTER_STREAM).orElseThrow().windowEnd());
        assertEquals(
                List.of("adapter", "heart_rate", "steps"),
                cursors.all(id).stream().map(ConnectionCursors.Cursor::stream).toList());
    }
}
