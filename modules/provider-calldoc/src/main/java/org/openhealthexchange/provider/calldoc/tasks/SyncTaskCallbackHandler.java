package org.openhealthexchange.provider.calldoc.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openhealthexchange.core.spi.OutboundUrlPolicy;
import org.openhealthexchange.core.spi.SecretSealer;
import org.openhealthexchange.core.spi.jobs.JobContext;
import org.openhealthexchange.core.spi.jobs.JobFailedException;
import org.openhealthexchange.core.spi.jobs.JobHandler;
import org.openhealthexchange.provider.calldoc.tasks.client.WebhookPoster;

/**
 * Delivers one completion callback: {@code POST} of the body {@link SyncTaskCallbacks} sealed, with Standard Webhooks
 * headers ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature} when a secret is configured). A
 * 2xx ends it; 410 stops it for good; anything else is retried by the job engine with backoff. The URL passes the
 * server's {@link OutboundUrlPolicy} right before each attempt; a refused one is never called.
 */
@ApplicationScoped
class SyncTaskCallbackHandler implements JobHandler {

    private final WebhookPoster http = new WebhookPoster();
    private final StandardWebhookSigner signer;
    private final OutboundUrlPolicy outbound;
    private final SecretSealer sealer;
    private final Clock clock = Clock.systemUTC();

    SyncTaskCallbackHandler(CallDocTasksConfig config, OutboundUrlPolicy outbound, SecretSealer sealer) {
        this.signer = config.webhookSecret()
                .filter(s -> !s.isBlank())
                .map(StandardWebhookSigner::new)
                .orElse(null);
        this.outbound = outbound;
        this.sealer = sealer;
    }

    @Override
    public String type() {
        return SyncTaskCallbacks.JOB_TYPE;
    }

    @Override
    public void run(JobContext job) throws Exception {
        JsonNode payload = SyncTaskDocuments.read(job.payload());
        String id = payload.path("webhook_id").asText();
        String url = payload.path("url").asText();
        String body;
        if (payload.hasNonNull("sealed_body")) {
            try {
                body = sealer.open(payload.get("sealed_body").asText());
            } catch (IllegalStateException e) {
                throw new JobFailedException("the callback body cannot be decrypted: " + e.getMessage());
            }
        } else if (payload.hasNonNull("body")) {
            body = payload.get("body").asText(); // queued by an older version
        } else {
            throw new JobFailedException("the callback body is no longer stored");
        }
        // Checked again at delivery: DNS may point elsewhere now than at submission, and the config may have changed.
        Optional<OutboundUrlPolicy.Refusal> refusal = outbound.check(url);
        if (refusal.isPresent()) {
            String reason = "the webhook_url is refused: " + refusal.get().reason();
            if (refusal.get().transientFailure()) {
                throw new IOException(reason);
            }
            throw new JobFailedException(reason);
        }
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        if (signer != null) {
            headers.put("webhook-signature", signer.sign(id, timestamp, body));
        }
        int status;
        try {
            status = http.post(url, headers, body);
        } catch (IOException e) {
            throw new IOException("callback to the webhook_url failed: " + e.getMessage(), e);
        }
        if (status == 410) {
            throw new JobFailedException("the receiver answered 410 Gone");
        }
        if (status < 200 || status >= 300) {
            // 3xx included: redirects are not followed, so the receiver must answer from the URL it registered.
            throw new IOException("the receiver answered HTTP " + status);
        }
    }
}
