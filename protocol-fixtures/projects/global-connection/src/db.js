import Database from 'better-sqlite3';
App.DB = new Database('app.db');
