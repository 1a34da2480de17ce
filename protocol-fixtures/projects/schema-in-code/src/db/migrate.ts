// The app's schema exists only as the DDL its migration functions run.
export function updateToVersion1(db) {
  db.exec(`CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`);
}
export function updateToVersion2(db) {
  db.exec(`ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0`);
}
