package org.openhealthexchange.server.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Puts an endpoint under the rate-limit rule of a category ({@code ohe.rate-limit.rules.<category>}). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {

    /** The rule's category, e.g. {@code provider-info}. */
    String value();
}
