-- An alternative schema chosen by editor settings in workspace/configuration.lsp: here the
-- column really is spelt `emial`.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  emial TEXT
);
CREATE INDEX users_by_name ON users(name);
