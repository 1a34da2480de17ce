-- The schema the typo-fix fixture checks against (no database: migrations are the truth).
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT
);
