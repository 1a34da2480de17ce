export const tool = (db) => db.all('SELECT anything FROM anywhere');
