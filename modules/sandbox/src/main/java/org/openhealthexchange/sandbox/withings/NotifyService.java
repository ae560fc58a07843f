package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /notify action=subscribe|get|list|revoke|update}, and the notifications themselves: a form-urlencoded
 * POST of {@code userid, appli, startdate, enddate} to every callback the user subscribed for that appli. Unlike
 * Withings, plain-http and IP-address callbacks are accepted, so the simulator can call a local application.
 */
final class NotifyService implements WithingsService {

    /** What one notification POST returned: the HTTP status, or the error that prevented an answer. */
    record Delivery(String callbackurl, String body, Integer httpStatus, String error) {}

    private static final int MAX_CALLBACK_LENGTH = 255;

    private final WithingsSubscriptions subscriptions;
    private final CallbackClient callbacks;
    private final boolean verifyCallback;

    NotifyService(WithingsSubscriptions subscriptions, CallbackClient callbacks, boolean verifyCallback) {
        this.subscriptions = subscriptions;
        this.callbacks = callbacks;
        this.verifyCallback = verifyCallback;
    }

    @Override
    public ObjectNode call(String action, String userid, WithingsParams params, long now) {
        return switch (action) {
            case "subscribe" -> subscribe(userid, params);
            case "get" -> get(userid, params);
            case "list" -> list(userid, params);
            case "revoke" -> revoke(userid, params);
            case "update" -> update(userid, params);
            default -> throw WithingsService.unknownAction(action);
        };
    }

    private ObjectNode subscribe(String userid, WithingsParams params) {
        String callbackurl = checkedCallback(params.string("callbackurl"));
        int appli = appli(params, true);
        subscriptions.subscribe(
                userid, callbackurl, appli, params.string("comment").orElse(null));
        return WithingsJson.object();
    }

    private ObjectNode get(String userid, WithingsParams params) {
        String callbackurl = params.string("callbackurl").orElseThrow(NotifyService::invalidCallback);
        var found = subscriptions.get(userid, callbackurl, appli(params, false));
        return found.map(NotifyService::toJson)
                .orElseThrow(() -> new WithingsApiError(
                        WithingsStatus.NO_SUCH_NOTIFICATION, "Invalid Params: no notification matching the criteria"));
    }

    private ObjectNode list(String userid, WithingsParams params) {
        Integer appli = params.longValue("appli").isPresent() ? appli(params, true) : null;
        ObjectNode body = WithingsJson.object();
        var profiles = body.putArray("profiles");
        subscriptions.list(userid, appli).forEach(s -> profiles.add(toJson(s)));
        return body;
    }

    private ObjectNode revoke(String userid, WithingsParams params) {
        String callbackurl = params.string("callbackurl").orElseThrow(NotifyService::invalidCallback);
        Integer appli = params.longValue("appli").isPresent() ? appli(params, true) : null;
        if (subscriptions.revoke(userid, callbackurl, appli) == 0) {
            throw new WithingsApiError(
                    WithingsStatus.NO_SUCH_SUBSCRIPTION, "Invalid Params: no such subscription could be deleted");
        }
        return WithingsJson.object();
    }

    private ObjectNode update(String userid, WithingsParams params) {
        String callbackurl = params.string("callbackurl").orElseThrow(NotifyService::invalidCallback);
        int appli = appli(params, true);
        var existing = subscriptions
                .get(userid, callbackurl, appli)
                .orElseThrow(() -> new WithingsApiError(
                        WithingsStatus.NO_SUCH_NOTIFICATION, "Invalid Params: no notification matching the criteria"));
        Optional<String> newCallback = params.string("new_callbackurl");
        String target = newCallback.isPresent() ? checkedCallback(newCallback) : callbackurl;
        int newAppli = params.longValue("new_appli").isPresent()
                ? (int) params.longValue("new_appli").getAsLong()
                : appli;
        String comment = params.string("comment").orElse(existing.comment());
        subscriptions.revoke(userid, callbackurl, appli);
        subscriptions.subscribe(userid, target, newAppli, comment);
        return WithingsJson.object();
    }

    /** Sends the notification of new data of {@code appli} to every matching subscription of the user. */
    List<Delivery> notifySubscribers(String userid, int appli, long startdate, long enddate) {
        List<Delivery> deliveries = new ArrayList<>();
        for (var subscription : subscriptions.list(userid, appli)) {
            String body =
                    "userid=" + encode(userid) + "&appli=" + appli + "&startdate=" + startdate + "&enddate=" + enddate;
            try {
                int status = callbacks.postForm(URI.create(subscription.callbackurl()), body);
                deliveries.add(new Delivery(subscription.callbackurl(), body, status, null));
            } catch (IOException | RuntimeException e) {
                deliveries.add(new Delivery(
                        subscription.callbackurl(),
                        body,
                        null,
                        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            }
        }
        return deliveries;
    }

    private String checkedCallback(Optional<String> value) {
        String callbackurl = value.orElseThrow(NotifyService::invalidCallback);
        URI uri;
        try {
            uri = URI.create(callbackurl);
        } catch (IllegalArgumentException e) {
            throw invalidCallback();
        }
        if (callbackurl.length() > MAX_CALLBACK_LENGTH
                || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw invalidCallback();
        }
        if (verifyCallback) {
            int status;
            try {
                status = callbacks.head(uri);
            } catch (IOException | RuntimeException e) {
                status = 0;
            }
            if (status < 200 || status > 299) {
                throw new WithingsApiError(
                        WithingsStatus.INVALID_CALLBACK,
                        "Invalid Params: the callback URL did not answer the HEAD request with 2xx (got " + status
                                + ")");
            }
        }
        return callbackurl;
    }

    private static int appli(WithingsParams params, boolean required) {
        var value = params.longValue("appli");
        if (value.isEmpty()) {
            if (required) {
                throw WithingsApiError.invalidParam("appli");
            }
            return 1;
        }
        return (int) value.getAsLong();
    }

    private static ObjectNode toJson(WithingsSubscriptions.Subscription s) {
        ObjectNode node = WithingsJson.object();
        node.put("appli", s.appli());
        node.put("callbackurl", s.callbackurl());
        node.put("comment", s.comment());
        return node;
    }

    private static WithingsApiError invalidCallback() {
        return new WithingsApiError(WithingsStatus.INVALID_CALLBACK, "Invalid Params: callbackurl");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
