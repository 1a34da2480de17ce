-- Login sessions. user_id is an INTEGER like users.id; the database was
-- created by hand with TEXT instead (see EXPECTED.md: schema-drift).
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL
);

CREATE INDEX sessions_user_id ON sessions(user_id);
