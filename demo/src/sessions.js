import SQL from 'sql-template-strings';
import { db } from './db.js';

// A query held in a constant: checked like an inline one.
const ACTIVE_SESSIONS = 'SELECT id, user_id, expires_at FROM sessions WHERE expires_at > ?';

// Prose that starts with a SQL keyword is not SQL.
export const UPDATE_NOTICE = 'Update available: sign in again to keep your sessions.';

// The bug sqlheal was made for. User ids arrive from the request as strings and the code
// "helpfully" converts them to numbers, but sessions.user_id is TEXT in data/app.db: the number
// is spliced into the SQL text, compares as the text '1' only, and rows come back with "1".
export async function sessionsForUser(userId) {
  return db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);
}

export async function activeSessions(now) {
  return db.all(ACTIVE_SESSIONS, [now]);
}

export async function createSession(userId, token, expiresAt) {
  return db.run('INSERT INTO sessions (user_id, token, expires_at) VALUES (?, ?, ?)', [userId, token, expiresAt]);
}

export async function sessionById(sessionId) {
  return db.get('SELECT id, user_id, token FROM sessions WHERE id = ' + sessionId);
}

export async function sessionByToken(token) {
  // A tagged template binds ${token} as a parameter: nothing to report.
  return db.get(SQL`SELECT id, user_id, expires_at FROM sessions WHERE token = ${token}`);
}

export async function deleteExpiredSessions(now) {
  return db.run('DELETE FROM sessions WHERE WHERE expires_at < ?', [now]);
}

// Old version, kept for reference: db.all('SELECT * FROM sesions WHERE user = ?', [id])
/* SELECT emial FROM users WHERE id = ? */
