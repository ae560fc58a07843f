package org.openhealthexchange.server.calldoc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openhealthexchange.server.vault.TokenVault;

/**
 * Encrypts what a task stores about the patient: its {@code result} document (name, date of birth) and the text of a
 * failure, together as one vault ciphertext ({@code calldoc_sync_task.sealed}). A ciphertext that cannot be opened
 * (its vault key is no longer configured) reads as no result and an error saying so, never as a failure of the API.
 */
final class SyncTaskSeal {

    /** What a ciphertext held. */
    record Opened(String resultJson, String failureDetail) {}

    private final TokenVault vault;

    SyncTaskSeal(TokenVault vault) {
        this.vault = vault;
    }

    /** The ciphertext of both, or null when there is neither. */
    String seal(String resultJson, String failureDetail) {
        if (resultJson == null && failureDetail == null) {
            return null;
        }
        ObjectNode doc = SyncTaskDocuments.JSON.createObjectNode();
        try {
            doc.set("result", resultJson == null ? null : SyncTaskDocuments.JSON.readTree(resultJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("result is not JSON", e);
        }
        doc.put("error", failureDetail);
        return vault.encrypt(SyncTaskDocuments.toJson(doc));
    }

    Opened open(String sealed) {
        if (sealed == null) {
            return new Opened(null, null);
        }
        try {
            JsonNode doc = SyncTaskDocuments.JSON.readTree(vault.decrypt(sealed));
            JsonNode result = doc.path("result");
            JsonNode error = doc.path("error");
            return new Opened(
                    result.isNull() || result.isMissingNode() ? null : SyncTaskDocuments.toJson(result),
                    error.isTextual() ? error.asText() : null);
        } catch (IllegalStateException e) {
            // The vault's message names the key id only.
            return new Opened(null, "The task's stored result cannot be read: " + e.getMessage());
        } catch (JsonProcessingException e) {
            // Not the parser's message: it quotes the decrypted text.
            return new Opened(null, "The task's stored result cannot be read");
        }
    }
}
