-- API tokens: a note may be shared through a token.
CREATE TABLE tokens (
    token      TEXT PRIMARY KEY,
    note_id    INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
CREATE INDEX tokens_note_id ON tokens (note_id);
