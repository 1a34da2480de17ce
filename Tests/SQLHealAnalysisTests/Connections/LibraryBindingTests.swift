import Testing
import SQLHealTestSupport
@testable import SQLHealAnalysis

/// One small project per client library, written from that library's documentation, with no
/// configuration: a correct query (silent), a missing column, a wrong number of values and a
/// value converted to the wrong type, each in the library's own way of binding values.
@Suite struct LibraryBindingTests {
    struct Project: CustomTestStringConvertible {
        var library: String
        var source: String
        var testDescription: String { library }
    }

    /// Every project expects, in order: a missing column, a param-count error, a type mismatch.
    static let expected = [ExpectedFinding(.missingColumn), ExpectedFinding(.parameterCount), ExpectedFinding(.typeMismatch)]

    static let projects: [Project] = [
        Project(library: "better-sqlite3", source: """
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            const row = db.prepare('SELECT id, email FROM users WHERE id = ?').get(userId);
            const insert = db.prepare('INSERT INTO users (email, name) VALUES (@email, @name)');
            insert.run({ email, name });
            db.prepare('SELECT ⟦emial⟧ FROM users').all();
            db.prepare('INSERT INTO users (email, name) VALUES (@email, ⟦@name⟧)').run({ email });
            db.prepare('SELECT * FROM users WHERE email = ?').get(⟦parseInt(raw)⟧);
            """),
        Project(library: "node:sqlite", source: """
            import { DatabaseSync } from 'node:sqlite';
            const database = new DatabaseSync('app.db');
            const select = database.prepare('SELECT * FROM users WHERE id = ?');
            select.all(1);
            database.prepare('SELECT ⟦nmae⟧ FROM users').all();
            database.prepare('INSERT INTO users (email, age) VALUES (?, ?)').run(⟦'a@example.com'⟧);
            database.prepare('SELECT * FROM users WHERE email = $email').get({ $email: ⟦Number(input)⟧ });
            """),
        Project(library: "bun:sqlite", source: """
            import { Database } from 'bun:sqlite';
            const db = new Database('app.sqlite', { strict: true });
            const byId = db.query('SELECT * FROM users WHERE id = $id');
            byId.get({ $id: 1 });
            db.query('SELECT ⟦emial⟧ FROM users').all();
            db.run('INSERT INTO users (email, name) VALUES (?, ?)', ⟦['a@example.com']⟧);
            db.query('SELECT * FROM users WHERE email = $email').get({ $email: ⟦Number(input)⟧ });
            """),
        Project(library: "sqlite3", source: """
            const sqlite3 = require('sqlite3').verbose();
            const db = new sqlite3.Database('app.db');
            db.get('SELECT id FROM users WHERE email = ?', [email], (err, row) => {});
            db.all('SELECT ⟦emial⟧ FROM users', (err, rows) => {});
            db.run('UPDATE users SET name = $name WHERE id = ⟦$id⟧', { $name: name }, function (err) {});
            db.all('SELECT * FROM users WHERE email = ?', [⟦parseInt(input)⟧], (err, rows) => {});
            """),
        Project(library: "sqlite", source: """
            import sqlite3 from 'sqlite3';
            import { open } from 'sqlite';
            const db = await open({ filename: './app.db', driver: sqlite3.Database });
            const result = await db.get('SELECT name FROM users WHERE id = ?', id);
            await db.all('SELECT ⟦emial⟧ FROM users');
            await db.run('INSERT INTO users (email, name) VALUES (:email, ⟦:name⟧)', { ':email': email });
            await db.get('SELECT * FROM users WHERE email = ?', ⟦parseInt(input)⟧);
            """),
        Project(library: "Cloudflare D1", source: """
            export default {
              async fetch(request, env) {
                const user = await env.DB.prepare('SELECT * FROM users WHERE id = ?').bind(id).first();
                const email = await env.DB.prepare('SELECT email FROM users WHERE id = ?').bind(id).first('email');
                await env.DB.batch([env.DB.prepare('DELETE FROM users WHERE id = ?').bind(id)]);
                await env.DB.exec('CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT)');
                const { results } = await env.DB.prepare('SELECT ⟦emial⟧ FROM users').all();
                await env.DB.prepare('UPDATE users SET name = ? WHERE id = ?').bind(⟦name⟧).run();
                return env.DB.prepare('SELECT * FROM users WHERE email = ?').bind(⟦parseInt(q)⟧).first('id');
              },
            };
            """),
        Project(library: "Durable Objects", source: """
            import { DurableObject } from 'cloudflare:workers';
            export class Counter extends DurableObject {
              user(id) { return this.ctx.storage.sql.exec('SELECT * FROM users WHERE id = ?', id).one(); }
              bad() { return this.ctx.storage.sql.exec('SELECT ⟦emial⟧ FROM users').toArray(); }
              count(a) { return this.ctx.storage.sql.exec('SELECT * FROM users WHERE id = ? AND age = ?', ⟦a⟧).toArray(); }
              mismatch(x) { return this.ctx.storage.sql.exec('SELECT * FROM users WHERE email = ?', ⟦Number(x)⟧).toArray(); }
            }
            """),
        Project(library: "@libsql/client", source: """
            import { createClient } from '@libsql/client';
            const client = createClient({ url: 'file:local.db' });
            await client.execute({ sql: 'SELECT * FROM users WHERE id = ?', args: [id] });
            await client.execute('SELECT ⟦emial⟧ FROM users');
            await client.execute({ sql: 'INSERT INTO users (email, name) VALUES (?, ?)', args: ⟦[email]⟧ });
            await client.execute({ sql: 'SELECT * FROM users WHERE email = :email', args: { email: ⟦parseInt(input)⟧ } });
            """),
        Project(library: "@libsql/client batch", source: """
            import { createClient } from '@libsql/client';
            const client = createClient({ url: 'file:local.db' });
            await client.batch([
              'DELETE FROM users WHERE age > 90',
              { sql: 'INSERT INTO users (email, name) VALUES (?, ?)', args: [email, name] },
              'SELECT ⟦emial⟧ FROM users',
              { sql: 'UPDATE users SET name = ? WHERE id = ?', args: ⟦[name]⟧ },
              { sql: 'SELECT * FROM users WHERE email = ?', args: [⟦parseInt(input)⟧] },
            ], 'write');
            """),
        Project(library: "expo-sqlite", source: """
            import * as SQLite from 'expo-sqlite';
            const db = await SQLite.openDatabaseAsync('app.db');
            const first = await db.getFirstAsync('SELECT * FROM users WHERE id = ?', id);
            const statement = await db.prepareAsync('SELECT * FROM users WHERE age > $age');
            await statement.executeAsync({ $age: 18 });
            const all = await db.getAllAsync('SELECT ⟦emial⟧ FROM users');
            await db.runAsync('INSERT INTO users (email, name) VALUES (?, ?)', ⟦'a@example.com'⟧);
            db.getFirstSync('SELECT * FROM users WHERE email = $email', { $email: ⟦Number(input)⟧ });
            """),
        Project(library: "op-sqlite", source: """
            import { open } from '@op-engineering/op-sqlite';
            const db = open({ name: 'app.sqlite' });
            const res = await db.execute('SELECT * FROM users WHERE id = ?', [id]);
            await db.execute('SELECT ⟦emial⟧ FROM users');
            await db.execute('UPDATE users SET name = ? WHERE id = ?', ⟦[name]⟧);
            db.executeSync('SELECT * FROM users WHERE email = ?', [⟦parseInt(input)⟧]);
            """),
        Project(library: "knex", source: """
            const knex = require('knex')({ client: 'better-sqlite3', connection: { filename: './app.db' }, useNullAsDefault: true });
            await knex.raw('SELECT * FROM ?? WHERE id = ?', ['users', 1]);
            await knex.raw('SELECT :column: FROM users WHERE id = :id', { column: 'email', id });
            await knex.raw('SELECT ⟦emial⟧ FROM users WHERE id = :id', { id });
            await knex.raw('SELECT * FROM users WHERE id = ? AND age = ?', ⟦[1]⟧);
            await knex.raw('SELECT * FROM users WHERE email = ?', [⟦Number(input)⟧]);
            """),
        Project(library: "sequelize", source: """
            import { Sequelize, QueryTypes } from 'sequelize';
            const sequelize = new Sequelize({ dialect: 'sqlite', storage: 'app.sqlite' });
            await sequelize.query('SELECT * FROM users WHERE id = ?', { replacements: [id], type: QueryTypes.SELECT });
            await sequelize.query('SELECT ⟦emial⟧ FROM users', { type: QueryTypes.SELECT });
            await sequelize.query('SELECT * FROM users WHERE id = :id AND email = ⟦:email⟧', { replacements: { id } });
            await sequelize.query('SELECT * FROM users WHERE email = $1', { bind: [⟦parseInt(input)⟧] });
            """),
        Project(library: "typeorm", source: """
            import { DataSource } from 'typeorm';
            const dataSource = new DataSource({ type: 'better-sqlite3', database: 'app.db' });
            await dataSource.query('SELECT * FROM users WHERE id = ?', [id]);
            await dataSource.query('SELECT ⟦emial⟧ FROM users');
            await dataSource.manager.query('SELECT * FROM users WHERE id = ? AND age = ?', ⟦[id]⟧);
            await dataSource.query('SELECT * FROM users WHERE email = ?', [⟦parseInt(input)⟧]);
            """),
        Project(library: "prisma", source: """
            import { PrismaClient } from '@prisma/client';
            const prisma = new PrismaClient();
            const users = await prisma.$queryRaw`SELECT * FROM users WHERE id = ${id}`;
            await prisma.$queryRaw`SELECT ⟦emial⟧ FROM users`;
            await prisma.$queryRawUnsafe('SELECT * FROM users WHERE id = ? AND age = ?', ⟦id⟧);
            await prisma.$executeRaw`UPDATE users SET email = ${⟦parseInt(input)⟧} WHERE id = ${id}`;
            """),
        Project(library: "drizzle-orm", source: """
            import { drizzle } from 'drizzle-orm/better-sqlite3';
            import { sql } from 'drizzle-orm';
            const db = drizzle('app.db');
            db.all(sql`SELECT * FROM users WHERE id = ${id} ORDER BY ${sql.raw(column)}`);
            db.all(sql`SELECT ⟦nmae⟧ FROM users`);
            db.run(sql`DELETE FROM users WHERE id = ⟦?⟧`);
            db.get(sql`SELECT * FROM users WHERE email = ${⟦parseInt(input)⟧}`);
            """),
        Project(library: "kysely", source: """
            import { Kysely, SqliteDialect, sql } from 'kysely';
            const db = new Kysely({ dialect: new SqliteDialect({ database }) });
            const rows = await sql`SELECT * FROM users WHERE id = ${id} AND ${sql.ref('age')} > 1`.execute(db);
            await sql`SELECT ⟦emial⟧ FROM users`.execute(db);
            await sql`SELECT * FROM users WHERE id = ⟦?⟧`.execute(db);
            await sql`SELECT * FROM users WHERE email = ${⟦Number(input)⟧}`.execute(db);
            """),
    ]

    /// A statement run with nothing (`.run()`) binds zero values: each project expects one
    /// `param-count` per marked placeholder, and stays silent where values come another way
    /// (`.bind(…)` first, a mode method before the run, a statement held and bound elsewhere) or
    /// where there is nothing to bind.
    static let runsWithoutValues: [Project] = [
        Project(library: "better-sqlite3", source: """
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            db.prepare(`DELETE FROM users WHERE email = ⟦$email⟧;`).run();
            db.prepare('SELECT * FROM users WHERE id = ⟦?⟧').get();
            db.prepare('SELECT id FROM users WHERE email = ?').pluck().get(email);
            db.prepare('SELECT id, email FROM users WHERE email = ?').raw().all(email);
            db.prepare('SELECT id FROM users WHERE email = ?').bind(email).all();
            db.prepare('SELECT id FROM users').all();
            const byEmail = db.prepare('SELECT id FROM users WHERE email = ⟦?⟧');
            byEmail.all();
            const bound = db.prepare('SELECT id FROM users WHERE email = ?');
            bound.bind(email);
            bound.all();
            """),
        Project(library: "Durable Objects", source: """
            import { DurableObject } from 'cloudflare:workers';
            export class Counter extends DurableObject {
              one() { return this.ctx.storage.sql.exec('SELECT * FROM users WHERE id = ⟦?⟧').one(); }
              all() { return this.ctx.storage.sql.exec('SELECT * FROM users').toArray(); }
            }
            """),
        Project(library: "better-sqlite3 statements held in a let", source: """
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            export function byId() {
              let statement = db.prepare('SELECT * FROM users WHERE id = ⟦?⟧');
              return statement.get();
            }
            export function reassigned(email) {
              let statement = db.prepare('SELECT * FROM users WHERE id = ?');
              if (email) statement = db.prepare('SELECT * FROM users WHERE email = ?');
              return statement.get();
            }
            """),
        Project(library: "better-sqlite3 statements held in fields", source: """
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            export class Repo {
              constructor() {
                this.byId = db.prepare('SELECT * FROM users WHERE id = ⟦?⟧');
                this.byEmail = db.prepare('SELECT * FROM users WHERE email = ?');
                this.shared = db.prepare('SELECT * FROM users WHERE age = ?');
              }
              find() { return this.byId.get(); }
              findByEmail(email) { return this.byEmail.get(email); }
              count() { return this.shared.get(); }
            }
            export const repo = new Repo();
            repo.shared.bind(30);
            """),
        // Each run of a held statement binds its own values; one bound with `.bind(…)` keeps them.
        Project(library: "better-sqlite3 statements in class fields, run several times", source: """
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            export class Store {
              private readonly byName: Statement = db.prepare('SELECT * FROM users WHERE name = ⟦?⟧');
              insert = db.prepare('INSERT INTO users (email, name) VALUES (?, ?)');
              ids = db.prepare('SELECT id FROM users WHERE age > ?');
              named(name) { return this.byName.all(name); }
              everyone() { return this.byName.all(); }
              add(email, name) { this.insert.run(email, name); }
              addMany(rows) { for (const row of rows) this.insert.run(⟦row.email⟧); }
              adults() { this.ids.bind(18); return this.ids.all(); }
              again() { return this.ids.all(); }
            }
            """),
        // The statement API as expo-sqlite documents it: prepare once, execute several times, finalize.
        Project(library: "expo-sqlite statements", source: """
            import * as SQLite from 'expo-sqlite';
            const db = await SQLite.openDatabaseAsync('app.db');
            const insert = await db.prepareAsync('INSERT INTO users (email, name) VALUES ($email, ⟦$name⟧)');
            try {
              await insert.executeAsync({ $email: 'a@example.com', $name: 'A' });
              await insert.executeAsync({ $email: 'b@example.com' });
            } finally {
              await insert.finalizeAsync();
            }
            const byAge = db.prepareSync('SELECT * FROM users WHERE age > ? AND age < ?');
            byAge.executeSync(18, 30);
            byAge.executeSync([18, 30]);
            byAge.executeSync(⟦[40]⟧);
            byAge.executeSync(⟦60⟧);
            byAge.executeForRawResultSync(⟦[70]⟧);
            """),
        Project(library: "better-sqlite3 held statements", source: """
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            export const byId = db.prepare('SELECT * FROM users WHERE id = ?');
            export function exported() { return byId.all(); }
            function bindAll(statement) { statement.bind(1); }
            export function passed() {
              const statement = db.prepare('SELECT * FROM users WHERE id = ?');
              bindAll(statement);
              return statement.all();
            }
            export function stored() {
              const statement = db.prepare('SELECT * FROM users WHERE id = ?');
              const holder = { statement };
              holder.statement.bind(3);
              return statement.all();
            }
            export function plucked(email) {
              const ids = db.prepare('SELECT id FROM users WHERE email = ?').pluck();
              return ids.all(email);
            }
            export function keyed() {
              const statement = db.prepare('SELECT * FROM users WHERE id = ⟦?⟧');
              const options = { statement: 1 };
              return statement.get();
            }
            """),
        Project(library: "bun:sqlite", source: """
            import { Database } from 'bun:sqlite';
            const db = new Database('app.sqlite');
            db.query('SELECT * FROM users WHERE id = ⟦$id⟧').values();
            db.query('SELECT * FROM users WHERE id = $id').values({ $id: 1 });
            const byEmail = db.query('SELECT * FROM users WHERE email = ⟦?⟧');
            byEmail.get();
            """),
        Project(library: "sqlite", source: """
            import sqlite3 from 'sqlite3';
            import { open } from 'sqlite';
            const db = await open({ filename: './app.db', driver: sqlite3.Database });
            await db.all('SELECT * FROM users WHERE email = ⟦?⟧');
            await db.all('SELECT * FROM users WHERE email = ?', email);
            """),
        Project(library: "sqlite3", source: """
            const sqlite3 = require('sqlite3');
            const db = new sqlite3.Database('app.db');
            db.all('SELECT * FROM users WHERE email = ⟦$email⟧', (err, rows) => {});
            db.all('SELECT * FROM users WHERE email = $email', { $email: email }, (err, rows) => {});
            """),
        Project(library: "node:sqlite", source: """
            import { DatabaseSync } from 'node:sqlite';
            const database = new DatabaseSync('app.db');
            database.prepare('SELECT * FROM users WHERE email = ⟦:email⟧').all();
            database.prepare('SELECT * FROM users WHERE email = :email').all({ email });
            """),
        Project(library: "Cloudflare D1", source: """
            export default {
              async fetch(request, env) {
                await env.DB.prepare('SELECT * FROM users WHERE id = ⟦?⟧').first();
                await env.DB.prepare('DELETE FROM users WHERE id = ⟦?⟧').run();
                await env.DB.prepare('SELECT * FROM users WHERE id = ⟦?⟧').all();
                await env.DB.prepare('SELECT * FROM users WHERE id = ⟦?⟧').raw();
                await env.DB.prepare('SELECT * FROM users WHERE id = ?').bind(id).raw({ columnNames: true });
                await env.DB.prepare('SELECT * FROM users WHERE id = ?').bind(id).all();
                await env.DB.prepare('SELECT * FROM users WHERE id = ?').bind(id).first('email');
                await env.DB.prepare('SELECT * FROM users WHERE id = ⟦?⟧').raw({ columnNames: true });
                return env.DB.prepare('SELECT * FROM users').all();
              },
            };
            """),
        // `raw()` of better-sqlite3 sets a mode: the run after it gives the values.
        Project(library: "better-sqlite3 raw mode", source: """
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            db.prepare('SELECT * FROM users WHERE id = ?').raw().all(id);
            db.prepare('SELECT * FROM users WHERE id = ?').raw();
            db.prepare('SELECT * FROM users WHERE id = ⟦?⟧').raw(true).get();
            """),
        // `sql.exec(query, ...bindings)` through a name holding `ctx.storage.sql`: the bindings are
        // the arguments after the SQL, none is zero.
        Project(library: "Durable Objects storage held in a field", source: """
            import { DurableObject } from 'cloudflare:workers';
            export class Counter extends DurableObject {
              constructor(ctx, env) {
                super(ctx, env);
                this.sql = ctx.storage.sql;
              }
              held() { return this.sql.exec('DELETE FROM users WHERE id = ⟦?⟧'); }
              heldBound(id, age) { return this.sql.exec('SELECT * FROM users WHERE id = ? AND age = ?', id, age).toArray(); }
              spread(values) { return this.sql.exec('SELECT * FROM users WHERE id = ? AND age = ?', ...values).toArray(); }
              script() { this.sql.exec('CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT)'); }
            }
            """),
    ]

    /// The project's own wrappers, found by inference: one whose values parameter reaches the
    /// statement as is (or emptied) binds zero values when its caller gives none; one that may
    /// fill values itself stays silent.
    static let wrappersCalledWithoutValues: [Project] = [
        Project(library: "better-sqlite3 wrappers", source: """
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            function allRows(sql: string, params?: unknown[]) { return db.prepare(sql).all(params ?? []); }
            function runSql(sql: string, ...params: unknown[]) { return db.prepare(sql).run(...params); }
            function getRow(sql: string, params: unknown[] = []) { return db.prepare(sql).get(params); }
            function direct(sql: string, params?: unknown[]) { return db.prepare(sql).all(params); }
            function emptied(sql: string, params?: unknown[]) { params = params || []; return db.prepare(sql).all(params); }
            function fills(sql: string, params?: unknown[]) { params = params || [currentUser()]; return db.prepare(sql).all(params); }
            function expands(sql: string, params?: unknown[]) { [sql, params] = expand(sql, params); return db.prepare(sql).all(params); }
            function withDefault(sql: string, params = defaultParams()) { return db.prepare(sql).all(params); }
            function outer(sql: string, params?: unknown[]) { return direct(sql, params); }
            function guarded(sql: string, params?: unknown[]) { if (!params) { params = []; } return db.prepare(sql).all(params); }
            function cached(sql: string, params?: unknown[]) { if (!params) return cache.get(sql); return db.prepare(sql).all(params); }
            function chooses(sql: string, params?: unknown[]) { return params ? db.prepare(sql).all(params) : cache.get(sql); }
            function single(sql: string) { return db.prepare(sql).get(); }
            function rowsOf(sql, callback) { db.all(sql, callback); }
            function ignores(sql: string, params?: unknown[]) { return db.prepare(sql).all(); }
            function forwards(sql: string) { return db.prepare(sql).all(...arguments); }
            function binds(sql: string) { return db.prepare(sql).bind(currentUser()).all(); }
            function replaced(sql: string) { return db.prepare(sql.replace('?', String(currentUser()))).all(); }
            export function calls(id: string) {
              allRows('SELECT * FROM users WHERE id = ⟦?⟧');
              runSql('DELETE FROM users WHERE id = ⟦?⟧');
              getRow('SELECT * FROM users WHERE id = ⟦$id⟧');
              direct('SELECT * FROM users WHERE id = ⟦?⟧');
              emptied('SELECT * FROM users WHERE id = ⟦?⟧');
              outer('SELECT * FROM users WHERE id = ⟦?⟧');
              guarded('SELECT * FROM users WHERE id = ⟦?⟧');
              cached('SELECT * FROM users WHERE id = ?');
              chooses('SELECT * FROM users WHERE id = ?');
              direct('SELECT * FROM users WHERE id = ?', [id]);
              runSql('DELETE FROM users WHERE id = ?', id);
              direct('SELECT * FROM users');
              fills('SELECT * FROM users WHERE id = ?');
              expands('SELECT * FROM users WHERE id = ?');
              withDefault('SELECT * FROM users WHERE id = ?');
              single('SELECT * FROM users WHERE id = ⟦?⟧');
              single('SELECT * FROM users');
              rowsOf('SELECT * FROM users WHERE email = ⟦?⟧', (error, rows) => {});
              ignores('SELECT * FROM users WHERE id = ⟦?⟧', [id]);
              forwards('SELECT * FROM users WHERE id = ?', id);
              binds('SELECT * FROM users WHERE id = ?');
              replaced('SELECT * FROM users WHERE id = ?');
            }
            """),
        Project(library: "sqlite wrappers", source: """
            import sqlite3 from 'sqlite3';
            import { open } from 'sqlite';
            const db = await open({ filename: './app.db', driver: sqlite3.Database });
            export class Store {
              async rows(sql, params) { return db.all(sql, params); }
              async one(sql, params) { if (!params) { params = [this.userId]; } return db.get(sql, params); }
            }
            const store = new Store();
            await store.rows('SELECT * FROM users WHERE email = ⟦?⟧');
            await store.rows('SELECT * FROM users WHERE email = ?', [email]);
            await store.one('SELECT * FROM users WHERE id = ?');
            """),
        // Wrappers over Cloudflare's APIs: `sql.exec(sql, ...bindings)` of a Durable Object and D1's
        // `prepare(sql).bind(...values)` run at once with the values they are given.
        Project(library: "Cloudflare wrappers", source: """
            import { DurableObject } from 'cloudflare:workers';
            export class Store extends DurableObject {
              rows(sql, ...params) { return this.ctx.storage.sql.exec(sql, ...params).toArray(); }
              single(sql) { return this.ctx.storage.sql.exec(sql).one(); }
              users(id) {
                this.rows('SELECT * FROM users WHERE id = ⟦?⟧');
                this.rows('SELECT * FROM users WHERE id = ?', id);
                this.single('SELECT * FROM users WHERE id = ⟦?⟧');
                return this.single('SELECT count(*) AS n FROM users');
              }
            }
            export default {
              async fetch(request, env) {
                async function select(sql, ...params) { return env.DB.prepare(sql).bind(...params).all(); }
                async function firstOf(sql, values) { return env.DB.prepare(sql).bind(...values).first(); }
                await select('SELECT * FROM users WHERE id = ⟦?⟧');
                await select('SELECT * FROM users WHERE id = ?', 1);
                return firstOf('SELECT * FROM users WHERE id = ?');
              },
            };
            """),
        // Written after Zotero's `Zotero.DB.queryAsync`: its values pass through a helper that
        // throws on a placeholder when no value is given, so a call without them is an error;
        // `null` is a value there (it becomes `IS NULL`), and a helper that fills values is not known.
        Project(library: "wrapper validating placeholders", source: #"""
            Store.DBConnection.prototype.parseQueryAndParams = function (sql, params) {
              if (!Array.isArray(params)) {
                if (typeof params == 'string' || typeof params == 'number' || params === null) { params = [params]; }
                else { params = []; }
              }
              else { params = params.concat(); }
              if (params.length) {
                let matches = sql.match(/\?\d*/g);
                if (!matches) { throw new Error('Parameters provided for query without placeholders'); }
              }
              else if (/\?/g.test(sql)) {
                throw new Error('Parameters not provided for query containing placeholders');
              }
              return [sql, params];
            };
            Store.DBConnection.prototype.expand = function (sql, params) {
              if (!params) params = [Store.userID];
              else if (!Array.isArray(params)) throw new Error('Bad parameters');
              return [sql, params];
            };
            Store.DBConnection.prototype.queryAsync = async function (sql, params, options = {}) {
              let conn = this._getConnection(options);
              [sql, params] = this.parseQueryAndParams(sql, params);
              return conn.execute(sql, params);
            };
            Store.DBConnection.prototype.ownerQueryAsync = async function (sql, params) {
              let conn = this._getConnection();
              [sql, params] = this.expand(sql, params);
              return conn.execute(sql, params);
            };
            async function run(id) {
              await Store.DB.queryAsync('SELECT * FROM users WHERE id = ⟦?⟧');
              await Store.DB.queryAsync('SELECT * FROM users WHERE id = ?', id);
              await Store.DB.queryAsync('SELECT * FROM users WHERE email = ?', null);
              await Store.DB.queryAsync('SELECT * FROM users');
              await Store.DB.ownerQueryAsync('SELECT * FROM users WHERE id = ?');
            }
            """#),
    ]

    @Test(arguments: wrappersCalledWithoutValues) func wrapperCalledWithoutValues(_ project: Project) {
        statementRunWithoutValues(project)
    }

    @Test func wrappersCalledWithoutValuesInOtherFiles() {
        // Three layers over three files: what the innermost does with missing values reaches the callers.
        let project = ProjectFixture("""
            // @file src/use.ts
            import { rows, cachedRows } from './rows';
            rows('SELECT * FROM users WHERE id = ⟦?⟧');
            rows('SELECT * FROM users WHERE id = ?', [1]);
            cachedRows('SELECT * FROM users WHERE id = ?');
            // @file src/rows.ts
            import { getRows, getCached } from './store';
            export function rows(text, values) { return getRows(text, values); }
            export function cachedRows(text, values) { return getCached(text, values); }
            // @file src/store.ts
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            export function getRows(sql, params = []) { return db.prepare(sql).all(params); }
            export function getCached(sql, params) { params = params || [currentUser()]; return db.prepare(sql).all(params); }
            """)
        let findings = project.analyze(with: DocumentAnalyzer(schema: CheckerFixtures.context))
        for file in project.files {
            compare(findings: (findings[file.path] ?? []).filter { $0.code == .parameterCount || $0.severity == .error }, source: file.text,
                    expectedRanges: file.expectedRanges, expected: file.expectedRanges.map { _ in ExpectedFinding(.parameterCount) },
                    sourceLocation: #_sourceLocation)
        }
    }

    @Test(arguments: runsWithoutValues) func statementRunWithoutValues(_ project: Project) {
        let (source, ranges) = FixtureMarkers.strip(project.source)
        let analysis = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(source, language: .typescript)
        compare(findings: analysis.findings.filter { $0.code == .parameterCount || $0.severity == .error }, source: source, expectedRanges: ranges,
                expected: ranges.map { _ in ExpectedFinding(.parameterCount) },
                sourceLocation: SourceLocation(fileID: #fileID, filePath: #filePath, line: #line, column: 1))
    }

    @Test(arguments: projects) func libraryProject(_ project: Project) {
        let (source, ranges) = FixtureMarkers.strip(project.source)
        let analysis = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(source, language: .typescript)
        let codes = checkerCodes.union([.typeMismatch, .rawInterpolation])
        compare(findings: analysis.findings.filter { codes.contains($0.code) }, source: source, expectedRanges: ranges, expected: Self.expected,
                sourceLocation: SourceLocation(fileID: #fileID, filePath: #filePath, line: #line, column: 1))
        // Every query of the project was found and runs on SQLite.
        #expect(analysis.queries.allSatisfy { $0.connection.dialect == .sqlite }, "\(project.library): \(analysis.queries.map(\.connection))")
    }
}
