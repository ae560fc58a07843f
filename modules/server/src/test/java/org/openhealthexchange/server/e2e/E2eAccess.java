package org.openhealthexchange.server.e2e;

import io.agroal.api.AgroalDataSource;

/** The end-to-end helpers other test packages may use. */
public final class E2eAccess {

    private E2eAccess() {}

    /** Waits until no notification waits for dispatch and no job is pending or running. */
    public static void awaitQuiet(AgroalDataSource dataSource) throws Exception {
        E2eSupport.awaitQuiet(dataSource);
    }
}
