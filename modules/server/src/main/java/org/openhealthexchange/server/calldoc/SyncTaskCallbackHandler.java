package org.openhealthexchange.server.calldoc;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.openhealthexchange.server.config.OheConfig;
import org.openhealthexchange.server.jobs.JobHandler;
import org.openhealthexchange.server.jobs.PermanentJobFailure;
import org.openhealthexchange.server.jobs.SyncJob;
import org.openhealthexchange.server.outbound.OutboundPolicy;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * Delivers one completion callback: {@code POST} of the body {@link SyncTaskCallbacks} sealed, with Standard Webhooks headers
 * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature} when a secret is configured). A 2xx ends
 * it; 410 stops it for good; anything else is retried by the job queue with backoff. The URL passes the
 * {@link OutboundPolicy} right before each attempt; a refused one is never called.
 */
@ApplicationScoped
class SyncTaskCallbackHandler implements JobHandler {

    // Never follow redirects: a 3xx to an internal address would bypass the outbound policy checked below.
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final StandardWebhookSigner signer;
    private final OutboundPolicy outbound;
    private final TokenVault vault;
    private final Clock clock = Clock.systemUTC();

    SyncTaskCallbackHandler(OheConfig config, OutboundPolicy outbound, TokenVault vault) {
        this.signer = config.calldocSync()
                .webhookSecret()
                .map(StandardWebhookSigner::new)
                .orElse(null);
        this.outbound = outbound;
        this.vault = vault;
    }

    @Override
    public String type() {
        return SyncTaskCallbacks.JOB_TYPE;
    }

    @Override
    public void run(SyncJob job) throws Exception {
        JsonNode payload = SyncTaskDocuments.JSON.readTree(job.payload());
        String id = payload.path("webhook_id").asText();
        String url = payload.path("url").asText();
        String body;
        if (payload.hasNonNull("sealed_body")) {
            try {
                body = vault.decrypt(payload.get("sealed_body").asText());
            } catch (IllegalStateException e) {
                throw new PermanentJobFailure("the callback body cannot be decrypted: " + e.getMessage());
            }
        } else if (payload.hasNonNull("body")) {
            body = payload.get("body").asText(); // queued by an older version
        } else {
            throw new PermanentJobFailure("the callback body is no longer stored");
        }
        // Checked again at delivery: DNS may point elsewhere now than at submission, and the config may have changed.
        Optional<OutboundPolicy.Refusal> refusal = outbound.check(url);
        if (refusal.isPresent()) {
            String reason = "the webhook_url is refused: " + refusal.get().reason();
            if (refusal.get().transientFailure()) {
                throw new IOException(reason);
            }
            throw new PermanentJobFailure(reason);
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signer != null) {
            request.header("webhook-signature", signer.sign(id, timestamp, body));
        }
        HttpResponse<Void> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IOException("callback to the webhook_url failed: " + e.getMessage(), e);
        }
        int status = response.statusCode();
        if (status == 410) {
            throw new PermanentJobFailure("the receiver answered 410 Gone");
        }
        if (status < 200 || status >= 300) {
            // 3xx included: redirects are not followed, so the receiver must answer from the URL it registered.
            throw new IOException("the receiver answered HTTP " + status);
        }
    }
}
