-- Logged-in sessions; every worker reads this table when it starts.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    user_name  TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
INSERT INTO notes (title, body) VALUES ('Welcome', 'Served by a worker that started on the complete schema.');
