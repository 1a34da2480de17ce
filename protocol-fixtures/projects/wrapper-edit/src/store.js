import Database from 'better-sqlite3';
const db = new Database('app.db');
export function rows(text, values) {
  return db.prepare(text).all(values);
}
