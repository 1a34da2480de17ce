export const emailOf = (db, id) => db.get('SELECT emial FROM users WHERE id = ?', [id]);
