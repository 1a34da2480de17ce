import { readFileSync, readdirSync } from 'node:fs';
import sqlite3 from 'sqlite3';

const db = new sqlite3.Database('./data/app.db');
const files = readdirSync('./migrations').filter((f) => /\.sql$/.test(f)).sort((a, b) => parseInt(a) - parseInt(b));

db.serialize(() => {
  db.run('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)');
  for (const file of files) {
    const text = readFileSync(`./migrations/${file}`, 'utf8');
    db.get('SELECT name FROM schema_migrations WHERE name = ?', [file], (err, row) => {
      if (err) throw err;
      if (row) return;
      db.exec('BEGIN; ' + text + '; COMMIT;', (e) => {
        if (e) { console.error(`failed: ${file}: ${e.message}`); db.exec('ROLLBACK'); return; }
        db.run("INSERT INTO schema_migrations (name, applied_at) VALUES ($name, datetime('now'))", { $name: file });
      });
    });
  }
});

const sizeKb = readFileSync('./data/app.db').length / 1024;
console.log(`database is ${sizeKb.toFixed(1)} KiB; ${files.length} migration(s)`);
