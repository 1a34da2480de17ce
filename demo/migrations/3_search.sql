-- Full-text search over posts, and an audit log that SQLite type-checks (STRICT).
CREATE VIRTUAL TABLE posts_fts USING fts5(title, body);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    at INTEGER NOT NULL
) STRICT;
