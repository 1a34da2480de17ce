export const names = (db) => db.all('SELECT nme FROM users');
