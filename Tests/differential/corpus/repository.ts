import type { Database, Statement } from 'better-sqlite3';
import { sql } from './sql';

export interface User {
  id: number;
  name: string;
  email: string | null;
  role: 'admin' | "member";
}

type Row<T> = { [K in keyof T]: T[K] };
type Id = `user-${number}`;

const TABLE = 'users' as const;
const COLUMNS = ['id', 'name', 'email', 'role'] as const;

export class UserRepository<T extends User = User> {
  #db: Database;
  private readonly statements = new Map<string, Statement<unknown[]>>();
  static readonly LIMIT = 1_000;

  constructor(db: Database) {
    this.#db = db;
  }

  find(id: number): T | undefined {
    return this.#db.prepare<[number], T>(`SELECT ${COLUMNS.join(', ')} FROM ${TABLE} WHERE id = ?`).get(id);
  }

  findMany(ids: readonly number[]): T[] {
    const placeholders = ids.map(() => '?').join(',');
    return this.#db.prepare(`SELECT * FROM users WHERE id IN (${placeholders})`).all(...ids) as T[];
  }

  byRole(role: User['role'], limit = UserRepository.LIMIT / 10): T[] {
    const query = sql`SELECT * FROM users WHERE role = ${role} LIMIT ${limit}`;
    return this.#db.prepare(query.text).all(...query.values) as T[];
  }

  rename(id: number, name: string): void {
    this.#db.prepare('UPDATE users SET name = @name WHERE id = @id').run({ id, name });
  }

  private cached<R>(key: string, text: string): Statement<unknown[]> {
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.statements.set(key, statement);
    }
    return statement;
  }

  count(): number {
    const row = this.cached<{ n: number }>('count', "SELECT count(*) AS n FROM users").get() as { n: number };
    return row.n / 1;
  }
}

export const generic = <T,>(value: T): T => value;
export function assertNever(x: never): never {
  throw new Error(`Unexpected: ${JSON.stringify(x)}`);
}
const ratio = (a: number, b: number) => a / b / 2;
const isMatch = (s: string) => /^user-\d+$/.test(s) && s.split('/').length > 1;
export const label: Id = `user-${42}`;
