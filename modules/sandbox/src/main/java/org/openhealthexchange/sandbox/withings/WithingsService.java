package org.openhealthexchange.sandbox.withings;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Withings service path ({@code /measure}, {@code /v2/heart}, …): answers its actions for an authenticated user. */
interface WithingsService {

    /**
     * The {@code body} of a successful reply.
     *
     * @throws WithingsApiError for an error reply (unknown action, invalid params, …)
     */
    ObjectNode call(String action, String userid, WithingsParams params, long now);

    static WithingsApiError unknownAction(String action) {
        return new WithingsApiError(WithingsStatus.NOT_IMPLEMENTED, "Not implemented: unknown action " + action);
    }
}
