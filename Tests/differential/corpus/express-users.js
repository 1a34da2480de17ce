#!/usr/bin/env node
'use strict';
const express = require('express');
const Database = require('better-sqlite3');

const db = new Database(process.env.DB_PATH || "data/app.db", { readonly: false });
const app = express();
app.use(express.json());

const USERS = 'users';
const PAGE_SIZE = 25;
const QUERIES = {
  byId: 'SELECT id, name, email FROM users WHERE id = ?',
  byEmail: "SELECT id, name FROM users WHERE email = ? COLLATE NOCASE",
  search: `SELECT id, name FROM ${USERS} WHERE name LIKE '%' || ? || '%' LIMIT ${PAGE_SIZE}`,
};

function escapeLike(text) {
  return text.replace(/[%_\\]/g, (c) => '\\' + c).replace(/'/g, "''");
}

app.get('/users/:id', (req, res) => {
  const id = parseInt(req.params.id, 10);
  if (Number.isNaN(id)) return res.status(400).json({ error: "id must be a number" });
  const user = db.prepare(QUERIES.byId).get(id);
  if (!user) return res.status(404).send(`No user with id ${id}`);
  res.json(user);
});

app.get('/search', (req, res) => {
  const q = String(req.query.q || '');
  const ratio = q.length / 2, half = (q.length) / 2;
  const rows = db.prepare(QUERIES.search).all(escapeLike(q));
  res.json({ rows, ratio, half, pattern: /\/search\?q=[^&]*/.source });
});

app.post('/users', (req, res) => {
  const { name, email } = req.body;
  const info = db.prepare('INSERT INTO users (name, email) VALUES (?, ?)').run(name, email);
  res.status(201).json({ id: info.lastInsertRowid, message: 'User "' + name + '" created' });
});

app.delete('/users/:id', (req, res) => {
  // Delete it from the menu, too: the UI says "Delete" but we soft-delete.
  db.prepare("UPDATE users SET deleted_at = datetime('now') WHERE id = ?").run(req.params.id);
  res.sendStatus(204);
});

app.get('/stats', (_req, res) => {
  const total = db.prepare(`SELECT count(*) AS n FROM ${USERS}`).get().n;
  const avg = total / (PAGE_SIZE || 1) / 2;
  const label = total > 1 ? `${total} users` : 'one user';
  res.json({ total, avg, label, re: /a\/b[/]c/gi.test('a/b/c') });
});

const ids = [1, 2, 3];
const rows = db.prepare(`SELECT * FROM users WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids);
console.log(`found ${rows.length} rows; template ${`nested ${"deep"} string`} done`);

app.listen(3000, () => console.log('listening on :3000'));
