export const totals = (db) => db.all('SELECT total FROM orders');
