export const recent = (db) => db.all('SELECT action, at FROM audit_log ORDER BY at DESC');
