import Database from 'better-sqlite3';

const db = new Database('data/app.db');

// SQL assembled from fragments of a constant object.
const POST_QUERIES = {
  columns: 'SELECT id, title, published FROM posts',
  onlyPublished: ' WHERE published = 1',
  newestFirst: ' ORDER BY id DESC',
} as const;

type SortColumn = 'id' | 'title';

export function recordAction(userId: number, action: string) {
  db.prepare('INSERT INTO audit_log (user_id, action, at) VALUES (?, ?, ?)').run(userId.toString(), action, Date.now());
}

export function setPublished(postId: number, published: boolean) {
  db.prepare('UPDATE posts SET published = ? WHERE id = ?').run(String(published), postId);
}

export function recentActions(limit: number) {
  return db.prepare('SELECT action, unixepoch_ms(at) FROM audit_log ORDER BY at DESC LIMIT ?').all(limit);
}

export function publishedPosts() {
  return db.prepare(POST_QUERIES.columns + POST_QUERIES.onlyPublished + POST_QUERIES.newestFirst).all();
}

// Dynamic SQL: the column list and the sort order are known only at run time.
export function sortedPosts(sort: SortColumn, columns: string[]) {
  return db.prepare(`SELECT ${columns.join(', ')} FROM posts ORDER BY ${sort}`).all();
}

export function searchPosts(filters: { userId?: number; published?: boolean }) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  let query = 'SELECT id, title FROM posts';
  if (filters.userId !== undefined) {
    clauses.push('user_id = ?');
    params.push(filters.userId);
  }
  if (filters.published !== undefined) {
    clauses.push('published = ?');
    params.push(filters.published ? 1 : 0);
  }
  if (clauses.length > 0) query += ' WHERE ' + clauses.join(' AND ');
  return db.prepare(query).all(...params);
}

// A TEMP table the code creates at run time is a known table.
export function importUsers(rows: { email: string; name: string }[]) {
  db.exec('CREATE TEMP TABLE import_rows (email TEXT NOT NULL, name TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO import_rows (email, name) VALUES (?, ?)');
  for (const row of rows) insert.run(row.email, row.name);
  db.exec('INSERT OR IGNORE INTO users (email, name) SELECT email, name FROM import_rows');
}

export function AuditPanel({ actions }: { actions: { action: string; at: number }[] }) {
  return (
    <table>
      <caption>Select an action to see who did it</caption>
      <tbody>
        {actions.map((entry) => (
          <tr key={entry.at}>
            <td>{entry.action}</td>
            <td>{new Date(entry.at).toISOString()}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td>
            <button onClick={() => confirm('Delete this entry from the audit log?')}>Delete</button>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
