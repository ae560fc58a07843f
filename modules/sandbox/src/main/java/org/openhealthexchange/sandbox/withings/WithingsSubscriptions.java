package org.openhealthexchange.sandbox.withings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Notification subscriptions, one per (user, callback URL, appli), in subscription order. Thread-safe. */
final class WithingsSubscriptions {

    /** A subscription as {@code notify list} shows it. */
    record Subscription(String userid, String callbackurl, int appli, String comment) {}

    private record Key(String userid, String callbackurl, int appli) {}

    private final Map<Key, Subscription> subscriptions = new LinkedHashMap<>();

    /** Adds or (same user, URL and appli) replaces the comment of a subscription. */
    synchronized void subscribe(String userid, String callbackurl, int appli, String comment) {
        subscriptions.put(new Key(userid, callbackurl, appli), new Subscription(userid, callbackurl, appli, comment));
    }

    synchronized Optional<Subscription> get(String userid, String callbackurl, int appli) {
        return Optional.ofNullable(subscriptions.get(new Key(userid, callbackurl, appli)));
    }

    /** The user's subscriptions, all of them or those of one appli. */
    synchronized List<Subscription> list(String userid, Integer appli) {
        List<Subscription> result = new ArrayList<>();
        for (Subscription s : subscriptions.values()) {
            if (s.userid().equals(userid) && (appli == null || s.appli() == appli)) {
                result.add(s);
            }
        }
        return result;
    }

    /** Removes the user's subscriptions of a URL (of one appli, or all); returns how many went. */
    synchronized int revoke(String userid, String callbackurl, Integer appli) {
        int before = subscriptions.size();
        subscriptions
                .keySet()
                .removeIf(k -> k.userid().equals(userid)
                        && k.callbackurl().equals(callbackurl)
                        && (appli == null || k.appli() == appli));
        return before - subscriptions.size();
    }

    synchronized void clear() {
        subscriptions.clear();
    }
}
