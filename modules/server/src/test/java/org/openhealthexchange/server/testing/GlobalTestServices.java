package org.openhealthexchange.server.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link TestServices} for every {@code @QuarkusTest} of this module. */
@QuarkusTestResource(value = TestServices.class, restrictToAnnotatedClass = false)
public final class GlobalTestServices {

    private GlobalTestServices() {}
}
