import { POSTS } from './tables';
export const titles = (db) => db.all(`SELECT title FROM ${POSTS}`);
