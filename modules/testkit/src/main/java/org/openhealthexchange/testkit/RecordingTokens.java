package org.openhealthexchange.testkit;

import java.util.ArrayList;
import java.util.List;
import org.openhealthexchange.core.spi.AccessTokenSource;

/** Hands out "token-0", then "token-1", "token-2"… after each rejection, remembering the rejected ones. */
public final class RecordingTokens implements AccessTokenSource {

    private final List<String> rejected = new ArrayList<>();
    private String current = "token-0";

    @Override
    public String current() {
        return current;
    }

    @Override
    public String refreshAfterRejection(String token) {
        rejected.add(token);
        current = "token-" + rejected.size();
        return current;
    }

    public List<String> rejected() {
        return List.copyOf(rejected);
    }
}
