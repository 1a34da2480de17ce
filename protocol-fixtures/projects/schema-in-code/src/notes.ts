export const pinned = (db) => db.prepare('SELECT body FROM notes WHERE pinned = 1').all();
