-- Orders. Not applied to data/app.db yet (see EXPECTED.md: schema-drift).
-- Natural order matters: this runs after 3_search.sql, and its ALTER TABLE
-- needs the users table of 1_init.sql (a plain string sort would run it first).
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    total_cents INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX orders_user_id ON orders(user_id);

ALTER TABLE users ADD COLUMN last_order_at TEXT;
