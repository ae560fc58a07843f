package org.openhealthexchange.server.local;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/** Stops the local profile's embedded PostgreSQL after every other shutdown observer (job workers first). */
@ApplicationScoped
public class LocalPostgresShutdown {

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) ShutdownEvent event) {
        LocalPostgres.stopAll();
    }
}
