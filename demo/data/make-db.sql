-- Builds data/app.db: the database as it is in "production", which drifted from migrations/.
--   * 1_init.sql applied as written.
--   * sessions was created by hand before 2_sessions.sql existed: user_id is TEXT, not INTEGER.
--   * 3_search.sql applied as written.
--   * 10_orders.sql NOT applied: no orders table, no users.last_order_at column.
-- Every sessions.user_id holds a whole number written as text, so the repair to INTEGER is lossless.
PRAGMA foreign_keys = ON;

-- 1_init.sql
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    published INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX posts_user_id ON posts(user_id);

-- sessions, by hand (drifted from 2_sessions.sql)
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL
);

CREATE INDEX sessions_user_id ON sessions(user_id);

-- 3_search.sql
CREATE VIRTUAL TABLE posts_fts USING fts5(title, body);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    at INTEGER NOT NULL
) STRICT;

-- Data. Fixed timestamps so the file is the same on every run.
INSERT INTO users (id, email, name, created_at) VALUES
    (1, 'ada@example.com', 'Ada Lovelace', '2026-01-05 09:00:00'),
    (2, 'grace@example.com', 'Grace Hopper', '2026-01-06 10:30:00'),
    (3, 'edsger@example.com', 'Edsger Dijkstra', '2026-01-07 11:45:00');

INSERT INTO posts (id, user_id, title, body, published) VALUES
    (1, 1, 'Notes on the Analytical Engine', 'The engine weaves algebraic patterns.', 1),
    (2, 2, 'Compilers for everyone', 'Programs should read like English.', 1),
    (3, 3, 'Go To Statement Considered Harmful', 'A letter to the editor.', 1),
    (4, 1, 'Draft: Bernoulli numbers', 'Work in progress.', 0);

INSERT INTO posts_fts (rowid, title, body) SELECT id, title, body FROM posts;

INSERT INTO sessions (id, user_id, token, expires_at) VALUES
    (1, '1', 'tok-ada-1', 1893456000),
    (2, '2', 'tok-grace-1', 1893456000),
    (3, '1', 'tok-ada-2', 1893459600);

INSERT INTO audit_log (id, user_id, action, at) VALUES
    (1, 1, 'login', 1767600000),
    (2, 2, 'login', 1767686400),
    (3, 1, 'publish:1', 1767690000);
