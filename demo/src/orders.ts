import Database from 'better-sqlite3';

const db = new Database('data/app.db');

export interface Order {
  id: number;
  total_cents: number;
  status: string;
}

// orders is declared by migrations/10_orders.sql, which data/app.db has not had yet.
export function ordersForUser(userId: number): Order[] {
  return db.prepare('SELECT id, total_cents, status FROM orders WHERE user_id = ?').all(userId) as Order[];
}

export function orderLines(orderId: number) {
  return db.prepare('SELECT * FROM order_items WHERE order_id = ?').all(orderId);
}

export function touchLastOrder(userId: number) {
  return db.prepare("UPDATE users SET last_order_at = datetime('now') WHERE id = ?").run(userId);
}
