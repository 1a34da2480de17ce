export const feed = (db) => db.all('SELECT id, title FROM posts ORDER BY title');
