-- data/app.db: made by hand, so sessions.user_id is TEXT where the migration says INTEGER.
-- Rebuild: rm -f app.db && sqlite3 app.db < make-db.sql (or python3 -c 'import sqlite3,sys; sqlite3.connect("app.db").executescript(open("make-db.sql").read())')
CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id TEXT, token TEXT);
INSERT INTO sessions (user_id, token) VALUES ('1', 'a'), ('2', 'b');
