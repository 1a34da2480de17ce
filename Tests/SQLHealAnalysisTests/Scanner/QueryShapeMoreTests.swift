import Testing
@testable import SQLHealAnalysis

/// More shapes: constants of every kind, chains, tags with generics, conversions in concatenations.
struct QueryShapeMoreTests {
    static let cases: [ScannerCase] = [
        ScannerCase(
            name: "numeric constant resolved into the text",
            fixture: "const PAGE_SIZE = ⟪25⟫;\ndb.all(⟦`SELECT * FROM posts LIMIT ${PAGE_SIZE}`⟧);",
            expected: [.init(summary: "call:all static SELECT * FROM posts LIMIT 25", mapped: ["25"])]
        ),
        ScannerCase(
            name: "template constant with .trim() in a chained prepare",
            fixture: """
            const Q = {
              byId: `
                SELECT * FROM users WHERE id = ?
              `.trim(),
            };
            const row = db.prepare(⟦Q.byId⟧).get(Number(id));
            """,
            expected: [.init(summary: "call:prepare static \n    SELECT * FROM users WHERE id = ?\n  ", bound: "(Number(id):number(Number))")]
        ),
        ScannerCase(
            name: "unary plus operand in a concatenation",
            fixture: "db.get(⟦'SELECT * FROM users WHERE id = ' + ⟦+req.params.id⟧⟧)",
            expected: [.init(summary: "call:get spliced SELECT * FROM users WHERE id = ?", holes: ["spliced +req.params.id number(unary +)"])]
        ),
        ScannerCase(
            name: "generic and dotted tags",
            fixture: "const a = ⟦sql<User>`SELECT * FROM users WHERE id = ⟦${id}⟧`⟧;\nconst b = ⟦Prisma.sql`DELETE FROM users WHERE id = ⟦${String(id)}⟧`⟧;",
            expected: [
                .init(summary: "tag:sql static SELECT * FROM users WHERE id = ?", holes: ["bound id unknown"]),
                .init(summary: "tag:Prisma.sql static DELETE FROM users WHERE id = ?", holes: ["bound String(id) string(String)"]),
            ]
        ),
        ScannerCase(
            name: "a query inside JSX",
            fixture: "const A = () => <ul>{db.all(⟦'SELECT name FROM tags'⟧).map(t => <li>{t.name}'s</li>)}</ul>;",
            language: .typescriptReact,
            expected: [.init(summary: "call:all static SELECT name FROM tags")]
        ),
        ScannerCase(
            name: "literal used by a query is not reported again",
            fixture: "const FIND = 'SELECT * FROM users';\nconst OTHER = ⟦'SELECT * FROM posts'⟧;\ndb.all(⟦FIND⟧);",
            expected: [
                .init(summary: "literal static SELECT * FROM posts"),
                .init(summary: "call:all static SELECT * FROM users"),
            ]
        ),
        ScannerCase(
            name: "WITH and multi-statement exec",
            fixture: "const q = ⟦`WITH recent AS (SELECT * FROM posts) SELECT count(*) FROM recent`⟧;\ndb.exec(⟦`CREATE TABLE a (id INTEGER); CREATE INDEX a_id ON a (id);`⟧);",
            expected: [
                .init(summary: "literal static WITH recent AS (SELECT * FROM posts) SELECT count(*) FROM recent"),
                .init(summary: "call:exec static CREATE TABLE a (id INTEGER); CREATE INDEX a_id ON a (id);"),
            ]
        ),
        ScannerCase(
            name: "misspelt keyword in a query call is still a query",
            fixture: "db.all(⟦'SELEC * FROM users'⟧);\ndb.all('hello world');",
            expected: [.init(summary: "call:all static SELEC * FROM users")]
        ),
        ScannerCase(
            name: "SQL assembled from a constant object's fragments",
            fixture: """
            const PARTS = { select: 'SELECT id, name', from: ' FROM users', where: ' WHERE id = ?' };
            db.get(⟦PARTS.select + PARTS.from + PARTS.where⟧, [id]);
            """,
            expected: [.init(summary: "call:get static SELECT id, name FROM users WHERE id = ?", bound: "[id:unknown]")]
        ),
        ScannerCase(
            name: "a table name in a variable is spliced unknown text",
            fixture: "function list(table) { return db.all(⟦`SELECT * FROM ⟦${table}⟧`⟧); }",
            expected: [.init(summary: "call:all spliced SELECT * FROM ?", holes: ["spliced table unknown"])]
        ),
        ScannerCase(
            name: "statement keyword in an unknown hole",
            fixture: "db.all(⟦`⟦${base}⟧ WHERE id = ?`⟧, [1]);",
            expected: [.init(summary: "call:all spliced ? WHERE id = ?", holes: ["spliced base unknown"], bound: "[1:number]")]
        ),
        ScannerCase(
            name: "value kinds in bound arrays",
            fixture: "db.run(⟦'INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)'⟧, [42, -1, 'a', `b${c}`, true, undefined, x.length]);",
            expected: [.init(summary: "call:run static INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", bound: "[42:number, -1:number, 'a':string, `b${c}`:string, true:boolean, undefined:null, x.length:number]")]
        ),
        ScannerCase(
            name: "constant bound value has the constant's kind",
            fixture: "const LIMIT = 10;\ndb.all(⟦'SELECT * FROM t LIMIT ?'⟧, LIMIT);",
            expected: [.init(summary: "call:all static SELECT * FROM t LIMIT ?", bound: "(LIMIT:number)")]
        ),
        ScannerCase(
            name: "custom configuration: queryRaw and a db tag",
            fixture: "prisma.$queryRawUnsafe(⟦'SELECT 1 FROM t'⟧);\nconst r = ⟦db`SELECT * FROM t WHERE id = ⟦${id}⟧`⟧;\ndb.all(⟦'SELECT 2 FROM t'⟧);",
            expected: [
                .init(summary: "call:$queryRawUnsafe static SELECT 1 FROM t"),
                .init(summary: "tag:db static SELECT * FROM t WHERE id = ?", holes: ["bound id unknown"]),
                .init(summary: "literal static SELECT 2 FROM t"),
            ]
        ),
    ]

    @Test(arguments: cases)
    func shape(_ testCase: ScannerCase) {
        if testCase.name.hasPrefix("custom configuration") {
            check(testCase, configuration: QueryExtractionConfiguration(queryFunctionNames: ["$queryRawUnsafe"], sqlTagNames: ["db"]))
        } else {
            check(testCase)
        }
    }
}

/// `const stmt = db.prepare('…')` and its uses.
struct PreparedStatementTests {
    static let cases: [ScannerCase] = [
        ScannerCase(
            name: "one use gives the values",
            fixture: "const stmt = db.prepare(⟦'SELECT * FROM users WHERE id = ? AND name = ?'⟧);\nconst row = stmt.get(parseInt(id), name);",
            expected: [.init(summary: "call:prepare static SELECT * FROM users WHERE id = ? AND name = ?", bound: "(parseInt(id):number(parseInt), name:unknown)")]
        ),
        ScannerCase(
            // (Several runs without a bind are a query each: LibraryBindingTests.)
            name: "several uses after a bind: unknown",
            fixture: "const insert = db.prepare(⟦'INSERT INTO t (a) VALUES (?)'⟧);\ninsert.bind(1);\ninsert.run();\ninsert.run(2, 3);",
            expected: [.init(summary: "call:prepare static INSERT INTO t (a) VALUES (?)", bound: "unknown")]
        ),
        ScannerCase(
            name: "a use outside the statement's scope is not its use",
            fixture: "function a() { const stmt = db.prepare(⟦'DELETE FROM t WHERE id = ?'⟧); return stmt; }\nfunction b(stmt) { return stmt.run(1, 2); }",
            expected: [.init(summary: "call:prepare static DELETE FROM t WHERE id = ?", bound: "unknown")]
        ),
    ]

    @Test(arguments: cases)
    func prepared(_ testCase: ScannerCase) {
        check(testCase)
    }
}

/// Holes of tagged templates that are SQL fragments or raw text, not values.
struct TaggedFragmentTests {
    static let cases: [ScannerCase] = [
        ScannerCase(
            name: "raw() and identifier helpers splice unknown text",
            fixture: "const q = ⟦sql`SELECT * FROM ⟦${raw(table)}⟧ WHERE id = ⟦${id}⟧`⟧;\nconst p = ⟦sql`SELECT ⟦${sql(columns)}⟧ FROM t`⟧;",
            expected: [
                .init(summary: "tag:sql spliced SELECT * FROM ? WHERE id = ?", holes: ["spliced raw(table) unknown", "bound id unknown"]),
                .init(summary: "tag:sql spliced SELECT ? FROM t", holes: ["spliced sql(columns) unknown"]),
            ]
        ),
        ScannerCase(
            name: "a fragment held in a const is inlined",
            fixture: "function f() { return ⟦sql`SELECT * FROM orders WHERE 1 = 1 ${frag}`⟧; }\nconst frag = sql`AND total > ⟦${Number(min)}⟧`;",
            expected: [.init(summary: "tag:sql static SELECT * FROM orders WHERE 1 = 1 AND total > ?", holes: ["bound Number(min) number(Number)"])]
        ),
        ScannerCase(
            name: "a const choosing between fragments is unknown text",
            fixture: "const where = cond ? sql`WHERE a = ${a}` : sql``;\nconst q = ⟦sql`SELECT * FROM t ⟦${where}⟧`⟧;",
            expected: [.init(summary: "tag:sql spliced SELECT * FROM t ?", holes: ["spliced where unknown"])]
        ),
    ]

    @Test(arguments: cases)
    func fragment(_ testCase: ScannerCase) {
        check(testCase)
    }
}

struct ConstantArrayJoinTests {
    static let cases: [ScannerCase] = [
        ScannerCase(
            name: "a constant column list joined into the SQL",
            fixture: "const COLUMNS = ['id', '⟪name⟫'] as const;\ndb.get(⟦`SELECT ${COLUMNS.join(', ')} FROM users WHERE id = ?`⟧, [1]);\ndb.get(⟦'SELECT ' + COLUMNS.join() + ' FROM t'⟧, [2]);",
            expected: [
                .init(summary: "call:get static SELECT id, name FROM users WHERE id = ?", bound: "[1:number]", mapped: ["name"]),
                .init(summary: "call:get static SELECT id,name FROM t", bound: "[2:number]"),
            ]
        ),
        ScannerCase(
            name: "a variable list stays unknown",
            fixture: "const cols = pick(fields);\ndb.all(⟦`SELECT ⟦${cols.join(', ')}⟧ FROM t`⟧);",
            expected: [.init(summary: "call:all spliced SELECT ? FROM t", holes: ["spliced cols.join(', ') unknown"])]
        ),
    ]

    @Test(arguments: cases)
    func join(_ testCase: ScannerCase) {
        check(testCase)
    }
}
