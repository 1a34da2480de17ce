CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  body TEXT,
  sent_at INTEGER
);
