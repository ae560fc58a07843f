package org.openhealthexchange.server.archfixture;

import org.openhealthexchange.provider.withings.WithingsAdapter;

/** A server class that names a provider class and a provider id: ArchitectureTest shows both rules catch it. */
public final class ServerNamingAProvider {

    public static final String PROVIDER = "withings";

    private ServerNamingAProvider() {}

    public static Class<?> adapter() {
        return WithingsAdapter.class;
    }
}
