-- What a notification asks for: 'sync' (new data), 'delete' (the vendor deleted data in the window: re-fetch and
-- retract what is gone) or 'revoke' (the user revoked access at the vendor: deactivate the link).
ALTER TABLE webhook_event ADD COLUMN action VARCHAR(16) NOT NULL DEFAULT 'sync';
