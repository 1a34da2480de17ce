import Testing
@testable import SQLHealAnalysis

/// Each query shape the extractor recognises.
struct QueryShapeTests {
    static let cases: [ScannerCase] = [
        ScannerCase(
            name: "string argument of a query call, a lone scalar variable",
            fixture: "const user = db.get(⟦'SELECT * FROM users WHERE id = ?'⟧, userId);",
            expected: [.init(summary: "call:get static SELECT * FROM users WHERE id = ?", bound: "(userId:unknown)")]
        ),
        ScannerCase(
            name: "lone variable argument may be an array: unknown",
            fixture: "db.all(⟦\"SELECT * FROM users WHERE id = ?\"⟧, params)",
            expected: [.init(summary: "call:all static SELECT * FROM users WHERE id = ?", bound: "unknown")]
        ),
        ScannerCase(
            name: "receiver chains: this.db, await pool.query",
            fixture: """
            class Repo { async find(id) { return await this.db.get(⟦'SELECT * FROM users WHERE id = ?'⟧, [id]); } }
            const r = await pool.query(⟦'DELETE FROM sessions'⟧);
            """,
            expected: [
                .init(summary: "call:get static SELECT * FROM users WHERE id = ?", bound: "[id:unknown]"),
                .init(summary: "call:query static DELETE FROM sessions"),
            ]
        ),
        ScannerCase(
            name: "prepare chained with get: values from the chained call",
            fixture: "const row = db.prepare(⟦'SELECT name FROM users WHERE id = ? AND age > ?'⟧).get(parseInt(id, 10), +age);",
            expected: [.init(summary: "call:prepare static SELECT name FROM users WHERE id = ? AND age > ?", bound: "(parseInt(id, 10):number(parseInt), +age:number(unary +))")]
        ),
        ScannerCase(
            name: "prepare without a chained call: values unknown",
            fixture: "export const insert = db.prepare(⟦`INSERT INTO logs (message) VALUES (?)`⟧);\nexport default { insert };",
            expected: [.init(summary: "call:prepare static INSERT INTO logs (message) VALUES (?)", bound: "unknown")]
        ),
        ScannerCase(
            name: "untagged template: holes are spliced text",
            fixture: "db.all(⟦`SELECT * FROM users WHERE age > ⟦${parseInt(minAge)}⟧ AND name = '⟦${name}⟧'`⟧)",
            expected: [.init(summary: "call:all spliced SELECT * FROM users WHERE age > ? AND name = '?'", holes: ["spliced parseInt(minAge) number(parseInt)", "spliced name unknown"])]
        ),
        ScannerCase(
            name: "concatenation: literals and a spliced operand",
            fixture: "db.run(⟦'UPDATE users SET name = ? ' +\n  'WHERE id = ' + ⟦user.id⟧⟧, [name])",
            expected: [.init(summary: "call:run spliced UPDATE users SET name = ? WHERE id = ?", holes: ["spliced user.id unknown"], bound: "[name:unknown]")]
        ),
        ScannerCase(
            name: "const declared in the same file",
            fixture: """
            const FIND = 'SELECT * FROM ⟪users⟫ WHERE id = ?';
            function f(id) { return db.get(⟦FIND⟧, id); }
            """,
            expected: [.init(summary: "call:get static SELECT * FROM users WHERE id = ?", bound: "(id:unknown)", mapped: ["users"])]
        ),
        ScannerCase(
            name: "const in function scope, shadowing a module const",
            fixture: """
            const SQL_TEXT = ⟦'SELECT 1 FROM outer_table'⟧;
            function f() {
              const SQL_TEXT = 'SELECT 1 FROM ⟪inner_table⟫';
              return db.all(⟦SQL_TEXT⟧);
            }
            """,
            expected: [
                .init(summary: "literal static SELECT 1 FROM outer_table"),
                .init(summary: "call:all static SELECT 1 FROM inner_table", mapped: ["inner_table"]),
            ]
        ),
        ScannerCase(
            name: "constant table name resolved into a template hole, mapped into the const",
            fixture: """
            const TABLE = '⟪users⟫';
            db.all(⟦`SELECT * FROM ${TABLE} WHERE id = ?`⟧, [1]);
            """,
            expected: [.init(summary: "call:all static SELECT * FROM users WHERE id = ?", bound: "[1:number]", mapped: ["users"])]
        ),
        ScannerCase(
            name: "object constant members, nested, as const",
            fixture: """
            const Q = {
              byId: 'SELECT * FROM users WHERE id = ?',
              posts: { recent: `SELECT * FROM ⟪posts⟫ ORDER BY created_at DESC LIMIT ?` },
            } as const;
            db.get(⟦Q.byId⟧, id);
            db.all(⟦Q.posts.recent⟧, [10]);
            """,
            expected: [
                .init(summary: "call:get static SELECT * FROM users WHERE id = ?", bound: "(id:unknown)"),
                .init(summary: "call:all static SELECT * FROM posts ORDER BY created_at DESC LIMIT ?", bound: "[10:number]", mapped: ["posts"]),
            ]
        ),
        ScannerCase(
            name: "concatenation of constants and literals",
            fixture: """
            const COLUMNS = 'id, name';
            const BASE = 'SELECT ' + COLUMNS + ' FROM users';
            db.all(⟦BASE + ' WHERE active = 1'⟧);
            """,
            expected: [.init(summary: "call:all static SELECT id, name FROM users WHERE active = 1")]
        ),
        ScannerCase(
            name: "tagged template: holes are bound parameters",
            fixture: "const rows = await ⟦sql`SELECT * FROM users WHERE id = ⟦${Number(id)}⟧ AND email = ⟦${email.toString()}⟧`⟧;",
            expected: [.init(summary: "tag:sql static SELECT * FROM users WHERE id = ? AND email = ?", holes: ["bound Number(id) number(Number)", "bound email.toString() string(toString)"])]
        ),
        ScannerCase(
            name: "tagged template constant holes stay parameters",
            fixture: "const NAME = 'x';\nconst q = ⟦SQL`SELECT * FROM users WHERE name = ⟦${NAME}⟧`⟧;",
            expected: [.init(summary: "tag:SQL static SELECT * FROM users WHERE name = ?", holes: ["bound NAME string"])]
        ),
        ScannerCase(
            name: "sql.unsafe and a nested fragment",
            fixture: "⟦sql.unsafe`SELECT * FROM t WHERE a = ⟦${a}⟧ ${sql`AND b = ⟦${JSON.stringify(b)}⟧`}`⟧",
            expected: [.init(summary: "tag:sql.unsafe static SELECT * FROM t WHERE a = ? AND b = ?", holes: ["bound a unknown", "bound JSON.stringify(b) json(JSON.stringify)"])]
        ),
        ScannerCase(
            name: "a fragment alone is not a statement",
            fixture: "const where = sql`WHERE id = ${id}`;",
            expected: []
        ),
        ScannerCase(
            name: "tagged template as a query call argument",
            fixture: "await db.query(⟦sql`SELECT * FROM users WHERE id = ⟦${id}⟧`⟧);",
            expected: [.init(summary: "tag:sql static SELECT * FROM users WHERE id = ?", holes: ["bound id unknown"])]
        ),
        ScannerCase(
            name: "named parameters with an object",
            fixture: "db.run(⟦'INSERT INTO users (name, age, meta) VALUES ($name, :age, @meta)'⟧, { $name: name, age: parseFloat(a), 'meta': JSON.stringify(m), active: true });",
            expected: [.init(summary: "call:run static INSERT INTO users (name, age, meta) VALUES ($name, :age, @meta)", bound: "{$name:name:unknown, active:true:boolean, age:parseFloat(a):number(parseFloat), meta:JSON.stringify(m):json(JSON.stringify)}")]
        ),
        ScannerCase(
            name: "shorthand object keys",
            fixture: "stmt.get(⟦'SELECT * FROM users WHERE id = @id'⟧, { id })",
            expected: [.init(summary: "call:get static SELECT * FROM users WHERE id = @id", bound: "{id:id:unknown}")]
        ),
        ScannerCase(
            name: "array literal values, spread is unknown, callback dropped",
            fixture: """
            db.all(⟦'SELECT * FROM t WHERE a = ? AND b = ?'⟧, [String(a), null], (err, rows) => {});
            db.all(⟦'SELECT * FROM t WHERE a IN (?, ?)'⟧, [...ids]);
            db.get(⟦'SELECT * FROM t WHERE a = ?'⟧, Math.floor(x), function (err, row) {});
            """,
            expected: [
                .init(summary: "call:all static SELECT * FROM t WHERE a = ? AND b = ?", bound: "[String(a):string(String), null:null]"),
                .init(summary: "call:all static SELECT * FROM t WHERE a IN (?, ?)", bound: "unknown"),
                .init(summary: "call:get static SELECT * FROM t WHERE a = ?", bound: "(Math.floor(x):number(Math.floor))"),
            ]
        ),
        ScannerCase(
            name: "placeholder list hole",
            fixture: "db.all(⟦`SELECT * FROM users WHERE id IN (⟦${ids.map(() => '?').join(', ')}⟧)`⟧, ids);",
            expected: [.init(summary: "call:all static SELECT * FROM users WHERE id IN (?)", holes: ["spliced list ids.map(() => '?').join(', ') unknown"], bound: "unknown")]
        ),
        ScannerCase(
            name: "placeholder list through a const",
            fixture: "const placeholders = ids.map(() => '?').join(',');\ndb.all(⟦`DELETE FROM t WHERE id IN (⟦${placeholders}⟧)`⟧, ...ids);",
            expected: [.init(summary: "call:all static DELETE FROM t WHERE id IN (?)", holes: ["spliced list placeholders unknown"], bound: "unknown")]
        ),
        ScannerCase(
            name: "unresolved SQL argument on a database receiver",
            fixture: "function run(q) { return db.all(⟦q⟧, []); }\nmap.get(key);\nregex.exec(text);",
            expected: [.init(summary: "call:all unresolved ", bound: "[]")]
        ),
        ScannerCase(
            name: "SQL-like literals anywhere, conservative",
            fixture: """
            const a = ⟦"SELECT id FROM users WHERE email = ?"⟧;
            const b = "Select a theme";
            const c = "Delete it from the menu";
            const d = 'Update available';
            const e = ⟦`insert into logs (m) values (?)`⟧;
            const f = 'select your language';
            const g = ⟦'CREATE TABLE IF NOT EXISTS x (id INTEGER PRIMARY KEY)'⟧;
            """,
            expected: [
                .init(summary: "literal static SELECT id FROM users WHERE email = ?"),
                .init(summary: "literal static insert into logs (m) values (?)"),
                .init(summary: "literal static CREATE TABLE IF NOT EXISTS x (id INTEGER PRIMARY KEY)"),
            ]
        ),
        ScannerCase(
            name: "non-SQL query calls: routes, maps, headers",
            fixture: "app.get('/users', handler);\nheaders.get('Content-Type');\nurl.searchParams.get('q');\ncache.get(`${prefix}:${id}`);",
            expected: []
        ),
        ScannerCase(
            name: "function declarations named like query functions are not calls",
            fixture: "class R { async query(sql, params) { return this.db.all(⟦sql⟧, params); } get(id) { return 1; } }\nfunction exec(text) {}",
            expected: [.init(summary: "call:all unresolved ", bound: "unknown")]
        ),
        ScannerCase(
            name: "suppression comment on the line before",
            fixture: """
            // sqlheal-ignore
            db.all(⟦'SELECT * FROM nowhere'⟧);
            // sqlheal-ignore missing-column type-mismatch
            const r = db.get(
              ⟦'SELECT nope FROM users'⟧);
            db.all(⟦'SELECT * FROM reported'⟧);
            """,
            expected: [
                .init(summary: "call:all static SELECT * FROM nowhere", suppression: "ignore"),
                .init(summary: "call:get static SELECT nope FROM users", suppression: "ignore missing-column,type-mismatch"),
                .init(summary: "call:all static SELECT * FROM reported"),
            ]
        ),
        ScannerCase(
            name: "TS generic call and optional call",
            fixture: "const u = db.get<User>(⟦'SELECT * FROM users WHERE id = ?'⟧, 1);\ndb.query?.(⟦'VACUUM'⟧);",
            expected: [
                .init(summary: "call:get static SELECT * FROM users WHERE id = ?", bound: "(1:number)"),
                .init(summary: "call:query static VACUUM"),
            ]
        ),
    ]

    @Test(arguments: [
        ("db.get('SELECT * FROM t WHERE a = ?', ids)", "unknown"),
        ("db.get('SELECT * FROM t WHERE a = ?', row)", "unknown"),
        ("db.get('SELECT * FROM t WHERE a = ?', userParams)", "unknown"),
        ("db.get('SELECT * FROM t WHERE a = ?', getValues())", "unknown"),
        ("db.get('SELECT * FROM t WHERE a = ?', status)", "(status:unknown)"),
        ("db.get('SELECT * FROM t WHERE a = ?', req.params.id)", "(req.params.id:unknown)"),
        ("db.get('SELECT * FROM t WHERE a = ?', this.#id)", "(this.#id:unknown)"),
    ])
    func loneArgument(_ source: String, _ expected: String) {
        let queries = QueryExtractor.extractQueries(from: Array(source.utf8), language: .typescript, configuration: .default)
        #expect(queries.map { Summary.bound($0.boundValues) } == [expected])
    }

    @Test(arguments: cases)
    func shape(_ testCase: ScannerCase) {
        check(testCase)
    }
}
