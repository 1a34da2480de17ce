export const names = (db) => db.all('SELECT name FROM users');
