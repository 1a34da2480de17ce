import Database from 'better-sqlite3';

export interface User {
  id: number;
  email: string;
  name: string;
}

const db = new Database('data/app.db');

// A table name held in a constant.
const USERS = 'users';

export function findUserByEmail(email: string): User | undefined {
  return db.prepare('SELECT id, name FROM users WHERE emial = ?').get(email) as User | undefined;
}

export function userCard(id: number) {
  return db.prepare('SELECT id, nmae, email, signup_date FROM users WHERE id = ?').get(id);
}

export function updateUser(id: number, name: string, email: string) {
  return db.prepare('UPDATE users SET name = ?, email = ? WHERE id = ?').run(name, id);
}

export function userById(id: number): User | undefined {
  return db.prepare(`SELECT id, email, name FROM ${USERS} WHERE id = ?`).get(id) as User | undefined;
}

// Named and numbered parameters, each style better-sqlite3 and node-sqlite3 accept.
export function userByEmailNamed(email: string) {
  const byAt = db.prepare('SELECT id FROM users WHERE email = @email').get({ email });
  const byColon = db.prepare('SELECT id FROM users WHERE email = :email').get({ email });
  const byDollar = db.prepare('SELECT id FROM users WHERE email = $email').get({ email });
  return byAt ?? byColon ?? byDollar;
}

export function postsVisibleTo(userId: number) {
  return db.prepare('SELECT id, title FROM posts WHERE user_id = ?1 OR (published = 1 AND user_id <> ?1)').all(userId);
}

// parseInt into an INTEGER column is the right conversion.
export function postFromRoute(params: { postId: string }) {
  return db.prepare('SELECT id, title, body FROM posts WHERE id = ?').get(parseInt(params.postId, 10));
}

export function tableNames(): string[] {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  return tables.map((table) => table.name);
}

export function userColumns() {
  return db.prepare("SELECT name, type FROM pragma_table_info('users')").all();
}
