import postgres from 'postgres';
import { sql, raw } from 'sql-template-tag';

const sqlClient = postgres();
const table = 'orders';

export async function recent(userId: number, limit = 10) {
  const status = 'paid';
  const rows = await sqlClient`SELECT * FROM orders WHERE user_id = ${userId} AND status = ${status} LIMIT ${limit}`;
  const query = sql`SELECT id FROM orders WHERE created_at > ${new Date(Date.now() - 86_400_000).toISOString()}`;
  const frag = sql`AND total > ${Number('100')}`;
  const composed = sql`SELECT * FROM orders WHERE 1 = 1 ${frag}`;
  const unsafe = sql.unsafe`SELECT * FROM ${raw(table)}`;
  const gqlQuery = gql`query Orders { orders(first: 10) { id total } }`;
  const html = String.raw`<p>C:\path\to\file</p>`;
  return { rows, query, composed, unsafe, gqlQuery, html };
}

declare function gql(strings: TemplateStringsArray, ...values: unknown[]): string;

export const mapped: Record<string, `${number}px`> = { small: '8px', large: `${16}px` };
export enum Direction { Up = 'UP', Down = "DOWN" }
export abstract class Base<TKey extends string | number = string> {
  protected abstract key(): TKey;
  public describe(): string { return `key=${String(this.key())}`; }
}
const nums = [1, 2, 3].map((n): number => n / 2);
const casted = (<unknown>nums) as number[];
const asserted = <string>(casted.length / 2).toString();
