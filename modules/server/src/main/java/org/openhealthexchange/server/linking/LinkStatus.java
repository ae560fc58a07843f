package org.openhealthexchange.server.linking;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.openhealthexchange.server.connections.ProviderConnection;

/** {@code GET /api/base/link/{provider}/status/}: the user's link to one provider, in the seed's shape. */
public record LinkStatus(String ehrUserId, String provider, boolean linked, List<LinkedAccount> links, int totalLinks) {

    public static LinkStatus of(String ehrUserId, String provider, ProviderConnection link, String providerName) {
        List<LinkedAccount> links = link == null ? List.of() : List.of(LinkedAccount.of(link, providerName));
        return new LinkStatus(ehrUserId, provider, link != null && link.active, links, links.size());
    }

    /** One linked vendor account; {@code deactivated_reason} only on an inactive link (then possibly null). */
    public record LinkedAccount(
            String providerName,
            String providerType,
            String externalUserId,
            boolean active,
            @Schema(format = "date-time", description = "When the link was first created, ISO-8601 UTC to the second")
                    String linkedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL)
                    @Schema(
                            nullable = true,
                            description = "Why the link is inactive (e.g. the vendor refused a refresh); only on an"
                                    + " inactive link")
                    Optional<String> deactivatedReason) {

        public static LinkedAccount of(ProviderConnection link, String providerName) {
            return new LinkedAccount(
                    providerName,
                    link.provider,
                    link.externalUserId,
                    link.active,
                    link.linkedAt.truncatedTo(ChronoUnit.SECONDS).toString(),
                    // Absent (null) on an active link; present, possibly as JSON null, on an inactive one.
                    link.active ? null : Optional.ofNullable(link.deactivatedReason));
        }
    }
}
