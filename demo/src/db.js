// The database handle the JavaScript side of the app shares: the `sqlite` package, whose
// db.all / db.get / db.run / db.exec return promises.
import sqlite3 from 'sqlite3';
import { open } from 'sqlite';

export const db = await open({ filename: 'data/app.db', driver: sqlite3.Database });
