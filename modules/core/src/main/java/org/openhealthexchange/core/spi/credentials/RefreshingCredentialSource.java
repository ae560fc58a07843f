package org.openhealthexchange.core.spi.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openhealthexchange.core.spi.ProviderException;

/**
 * The credential source in front of the refreshers, one per credential kind. A refresh is single-flight across
 * replicas (a {@link RefreshLock} per connection, {@code token-refresh:<id>}; whoever waits for it reuses the
 * credential the holder committed) and the new credential is committed to the {@link CredentialStore} before it is
 * handed out: some vendors (Withings) kill the old refresh token as soon as the new access token is used, so a
 * credential lost after use would lose the connection. A refresh the vendor refused for good
 * ({@link ProviderException.Kind#GRANT_REVOKED}) deactivates the connection with a reason.
 */
public final class RefreshingCredentialSource implements CredentialSource {

    /** How long a refresh may hold the lock. */
    public static final Duration LOCK_TTL = Duration.ofSeconds(45);
    /** How long a caller waits for another node's refresh before it gives up (temporarily). */
    public static final Duration WAIT_FOR_OTHER_REFRESH = Duration.ofSeconds(40);

    private static final Duration POLL = Duration.ofMillis(100);

    private final CredentialStore store;
    private final RefreshLock lock;
    private final Map<String, CredentialRefresher> refreshers = new HashMap<>();
    private final Duration skew;
    private final Clock clock;

    /** {@code skew}: how long before its expiry a credential is refreshed rather than used. */
    public RefreshingCredentialSource(
            CredentialStore store,
            RefreshLock lock,
            Collection<? extends CredentialRefresher> refreshers,
            Duration skew,
            Clock clock) {
        this.store = store;
        this.lock = lock;
        this.skew = skew;
        this.clock = clock;
        for (CredentialRefresher r : refreshers) {
            if (this.refreshers.put(r.kind(), r) != null) {
                throw new IllegalStateException("Two credential refreshers for kind " + r.kind());
            }
        }
    }

    /** The credential kinds this source can refresh. */
    public Set<String> kinds() {
        return Set.copyOf(refreshers.keySet());
    }

    @Override
    public Credential current(long connectionId) throws ProviderException {
        CredentialStore.Stored s = store.load(connectionId);
        if (!s.credential().expiring(clock.instant(), skew)) {
            return s.credential();
        }
        return refresh(connectionId, s.credential().secret());
    }

    @Override
    public Credential refreshAfterRejection(long connectionId, String rejectedSecret) throws ProviderException {
        return refresh(connectionId, rejectedSecret);
    }

    @Override
    public Set<String> grantedScopes(long connectionId) {
        return store.grantedScopes(connectionId);
    }

    /** Refreshes unless someone else already replaced {@code stale}; returns the credential to use. */
    private Credential refresh(long connectionId, String stale) throws ProviderException {
        Instant giveUp = clock.instant().plus(WAIT_FOR_OTHER_REFRESH);
        while (true) {
            Optional<RefreshLock.Held> held = lock.tryLock("token-refresh:" + connectionId, LOCK_TTL);
            if (held.isPresent()) {
                try (RefreshLock.Held h = held.get()) {
                    CredentialStore.Stored s = store.load(connectionId);
                    if (replaced(s.credential(), stale)) {
                        return s.credential(); // another job refreshed while we waited for the lock
                    }
                    return refreshHoldingLock(connectionId, s);
                }
            }
            CredentialStore.Stored s = store.load(connectionId);
            if (replaced(s.credential(), stale)) {
                return s.credential();
            }
            if (clock.instant().isAfter(giveUp)) {
                throw new ProviderException(
                        ProviderException.Kind.UNAVAILABLE,
                        null,
                        "token refresh of link " + connectionId + " is held by another node",
                        Duration.ofSeconds(30),
                        null);
            }
            sleep();
        }
    }

    private boolean replaced(Credential c, String stale) {
        return !java.util.Objects.equals(c.secret(), stale) && !c.expiring(clock.instant(), skew);
    }

    private Credential refreshHoldingLock(long connectionId, CredentialStore.Stored s) throws ProviderException {
        Credential current = s.credential();
        CredentialRefresher refresher = refreshers.get(current.kind());
        if (refresher == null) {
            throw new ProviderException(
                    ProviderException.Kind.REJECTED,
                    null,
                    "no refresher for credential kind " + current.kind() + " (provider " + s.provider() + ")");
        }
        Credential fresh;
        try {
            fresh = refresher.refresh(s.provider(), current);
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.GRANT_REVOKED) {
                store.refused(
                        connectionId,
                        "refresh refused by " + s.provider()
                                + e.vendorCode().map(c -> " (" + c + ")").orElse("") + ": the user must link again");
            }
            throw e;
        }
        Credential renewed = current.renewedBy(fresh);
        store.commit(connectionId, renewed); // durable before anyone uses it
        return renewed;
    }

    private static void sleep() throws ProviderException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, null, "interrupted", null, e);
        }
    }
}
