package org.openhealthexchange.core.spi;

/**
 * Registers and removes a user's push-notification subscription at the vendor (e.g. Withings {@code /notify}).
 * The server subscribes when a link is created and unsubscribes when it is removed.
 */
public interface NotificationSubscriptions {

    /** The provider id. */
    String providerId();

    /** Subscribes the user behind {@code tokens} so that the vendor notifies {@code callbackUrl}. */
    void subscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException;

    /** Removes the subscriptions for {@code callbackUrl}; a subscription already gone is not an error. */
    void unsubscribe(AccessTokenSource tokens, String callbackUrl) throws ProviderException;
}
