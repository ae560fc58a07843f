-- Connections: provider_link becomes the connection of a subject at a provider. The subject is an end user
-- (ehr_user_id, as before) or an organisation (subject_id: a CallDoc installation, a Sikka practice).
ALTER TABLE provider_link
    ADD COLUMN subject_kind    VARCHAR(16) NOT NULL DEFAULT 'user',
    ADD COLUMN subject_id      VARCHAR(128),
    ADD COLUMN credential_kind VARCHAR(32) NOT NULL DEFAULT 'oauth2',
    ADD COLUMN deactivated_at  TIMESTAMPTZ,
    ADD COLUMN refreshed_at    TIMESTAMPTZ;
ALTER TABLE provider_link ALTER COLUMN ehr_user_id DROP NOT NULL;
ALTER TABLE provider_link ADD CONSTRAINT provider_link_subject CHECK (
    (subject_kind = 'user' AND ehr_user_id IS NOT NULL AND subject_id IS NULL)
    OR (subject_kind = 'organisation' AND subject_id IS NOT NULL AND ehr_user_id IS NULL));
-- One connection per organisation and provider, as provider_link_user is for end users.
CREATE UNIQUE INDEX provider_link_organisation ON provider_link (provider, subject_id)
    WHERE subject_kind = 'organisation';
UPDATE provider_link SET deactivated_at = updated_at WHERE NOT active;

-- The sync cursors of a connection, one per data stream: the adapter's own incremental cursor (stream 'adapter')
-- and, per data type, the end of the last window synced completely (window_end).
CREATE TABLE connection_cursor (
    connection_id BIGINT      NOT NULL REFERENCES provider_link (id) ON DELETE CASCADE,
    stream        VARCHAR(64) NOT NULL,
    cursor_value  VARCHAR(255),
    window_end    TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, stream)
);
INSERT INTO connection_cursor (connection_id, stream, cursor_value, updated_at)
    SELECT id, 'adapter', sync_cursor, updated_at FROM provider_link WHERE sync_cursor IS NOT NULL;
ALTER TABLE provider_link DROP COLUMN sync_cursor;
