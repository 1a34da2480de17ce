export const names = () => App.DB.prepare('SELECT nmae FROM users').all();
