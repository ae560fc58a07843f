package org.openhealthexchange.sandbox.fhir;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openhealthexchange.core.fhir.FhirContexts;
import org.openhealthexchange.sandbox.SandboxConfig;

/**
 * The FHIR R4 EHR simulator: HAPI's plain {@link RestfulServer} at {@code /sandbox/fhir} with Patient, Observation,
 * Device and Appointment (read, conditional create, search), system-level transaction/batch and the capability
 * statement at {@code /metadata}. Answers 404 to everything while {@code ohe.sandbox.enabled} is false.
 * <p>
 * The servlet maps {@code /*} below Undertow's context path, which this module sets to {@code /sandbox/fhir}
 * ({@code quarkus.servlet.context-path} in its {@code META-INF/microprofile-config.properties}): Undertow answers
 * every path under its context path, so a root context would hide the application's own 404 for unknown paths.
 */
@WebServlet(urlPatterns = "/*")
public class SandboxFhirServlet extends RestfulServer {

    private static final long serialVersionUID = 1L;

    /** Resolved per request: the servlet may be created before configuration mappings exist. */
    @Inject
    transient Instance<SandboxConfig> config;

    @Inject
    transient Instance<FhirResourceStore> store;

    public SandboxFhirServlet() {
        super(FhirContexts.r4());
    }

    @Override
    protected void initialize() throws ServletException {
        SandboxConfig.Fhir fhir = config.get().fhir();
        setDefaultResponseEncoding(EncodingEnum.JSON);
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(50);
        paging.setDefaultPageSize(fhir.defaultPageSize());
        paging.setMaximumPageSize(fhir.maxPageSize());
        setPagingProvider(paging);
        FhirResourceStore resources = store.get();
        StoreOperations operations = new StoreOperations(resources);
        registerProviders(List.of(
                new PatientProvider(operations),
                new ObservationProvider(operations),
                new DeviceProvider(operations),
                new AppointmentProvider(operations)));
        registerProvider(new SystemProvider(resources));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!config.get().enabled()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("application/json");
            String path = request.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"");
            response.getOutputStream()
                    .write(("{\"error\":\"not_found\",\"message\":\"No endpoint at " + request.getMethod() + " " + path
                                    + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        super.service(request, response);
    }
}
