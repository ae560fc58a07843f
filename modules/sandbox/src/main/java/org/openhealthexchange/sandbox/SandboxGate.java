package org.openhealthexchange.sandbox;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Hides every simulator endpoint unless {@code ohe.sandbox.enabled} is true. A disabled simulator answers exactly as
 * an unknown path does (the application's own 404), so production shows no trace of it. The FHIR servlet has the same
 * check in {@link org.openhealthexchange.sandbox.fhir.SandboxFhirServlet}.
 */
public class SandboxGate {

    private static final String SANDBOX_PACKAGE = SandboxGate.class.getPackageName();

    /** Resolved per request: filters are created at static init, before configuration mappings exist. */
    @Inject
    Instance<SandboxConfig> config;

    @ServerRequestFilter
    public void hideWhenDisabled(ResourceInfo resource) {
        if (isSandboxEndpoint(resource) && !config.get().enabled()) {
            throw new NotFoundException();
        }
    }

    static boolean isSandboxEndpoint(ResourceInfo resource) {
        return resource != null
                && resource.getResourceClass() != null
                && resource.getResourceClass().getPackageName().startsWith(SANDBOX_PACKAGE);
    }
}
