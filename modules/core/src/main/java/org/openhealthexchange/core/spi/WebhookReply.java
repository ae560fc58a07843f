package org.openhealthexchange.core.spi;

/** A literal reply to a vendor handshake (status, content type, body). */
public record WebhookReply(int status, String contentType, String body) {}
