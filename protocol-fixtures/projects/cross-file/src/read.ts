import { MESSAGES_TABLE } from './tables';

export function latest(db) {
  return db.all(`SELECT bodyy FROM ${MESSAGES_TABLE} ORDER BY sent_at DESC`);
}
