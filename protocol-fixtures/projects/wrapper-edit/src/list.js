import { rows } from './store';
export const byId = (id) => rows('SELECT name FROM items WHERE id = ?', []);
