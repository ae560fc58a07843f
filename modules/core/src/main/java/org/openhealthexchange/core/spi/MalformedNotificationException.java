package org.openhealthexchange.core.spi;

/** A verified notification whose body cannot be understood; answered with 400 and not stored. */
public class MalformedNotificationException extends Exception {

    public MalformedNotificationException(String message) {
        super(message);
    }
}
