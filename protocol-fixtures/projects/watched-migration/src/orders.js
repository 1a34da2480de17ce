export function ordersOf(db, userId) {
  const user = db.get('SELECT email FROM users WHERE id = ?', [userId]);
  return db.all('SELECT id, total FROM orders WHERE user_id = ?', [userId]);
}
