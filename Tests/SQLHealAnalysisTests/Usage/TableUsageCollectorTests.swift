import SQLHealAnalysis
import Testing

/// Data-driven: JavaScript in, the tables/columns/types the repair would infer out.
/// Expected lines are `table: column TYPE, column, …` (no type when nothing says), one per table,
/// in order of first appearance.
@Suite struct TableUsageCollectorTests {
    struct Fixture: CustomTestStringConvertible, Sendable {
        var name: String
        var source: String
        var expected: [String]
        var schemaDDL: String? = nil
        var testDescription: String { name }
    }

    static let fixtures: [Fixture] = [
        Fixture(name: "insert list with bound values and conversions", source: """
            db.run('INSERT INTO audit_log (user_id, action, amount, created_at) VALUES (?, ?, ?, ?)',
                   [parseInt(req.params.id), String(kind), parseFloat(total), now]);
            """, expected: ["audit_log: user_id INTEGER, action TEXT, amount REAL, created_at TEXT"]),
        Fixture(name: "literals in VALUES, signed numbers", source: """
            db.exec("INSERT INTO flags (name, enabled, weight) VALUES ('beta', 1, -2.5)");
            """, expected: ["flags: name TEXT, enabled INTEGER, weight REAL"]),
        Fixture(name: "select with where and alias", source: """
            db.all('SELECT s.token, s.expires FROM sessions AS s WHERE s.user_id = ? AND s.kind = ?', [userId, 'web']);
            """, expected: ["sessions: token, expires, user_id INTEGER, kind TEXT"]),
        Fixture(name: "update set and where", source: """
            db.run('UPDATE carts SET total = ?, note = ? WHERE id = ?', [Number(t), 'x', id]);
            """, expected: ["carts: total INTEGER, note TEXT, id INTEGER"]),
        Fixture(name: "join: only qualified columns are attributed; typed column comparisons", source: """
            db.all('SELECT u.name, o.total FROM users u JOIN orders o ON o.user_ref = u.id WHERE status = 1');
            """, expected: ["users: name, id INTEGER", "orders: total, user_ref INTEGER"],
            schemaDDL: "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);"),
        Fixture(name: "result aliases, functions and ORDER BY alias are not columns", source: """
            db.get('SELECT count(*) AS n, max(score) best FROM games WHERE player = ? ORDER BY n', [String(p)]);
            """, expected: ["games: score, player TEXT"]),
        Fixture(name: "CTEs, subqueries and table functions are not tables; with them in scope bare columns stay unattributed", source: """
            db.all('WITH recent AS (SELECT id FROM posts WHERE created_at > ?) SELECT value FROM recent, json_each(?)', [d, j]);
            """, expected: ["posts: "]),
        Fixture(name: "tables the code creates are not missing tables", source: """
            db.exec('CREATE TEMP TABLE scratch (a, b)');
            db.run('INSERT INTO scratch (a, b) VALUES (1, 2)');
            db.run('INSERT INTO real_one (a) VALUES (?)', [1]);
            """, expected: ["real_one: a INTEGER"]),
        Fixture(name: "dynamic SQL says nothing", source: """
            db.all(`SELECT ${cols} FROM ${table} WHERE x = 1`);
            db.all(query);
            """, expected: []),
        Fixture(name: "tagged template holes are bound values", source: """
            sql`SELECT * FROM invoices WHERE number = ${String(n)} AND paid_at IS NULL`;
            """, expected: ["invoices: number TEXT, paid_at TEXT"]),
        Fixture(name: "named parameters", source: """
            db.prepare('SELECT id FROM widgets WHERE color = :color AND size > $size').all({ color: 'red', size: 3 });
            """, expected: ["widgets: id INTEGER, color TEXT, size INTEGER"]),
        Fixture(name: "upsert: excluded.* is not a table", source: """
            db.run('INSERT INTO counters (key, hits) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET hits = excluded.hits + 1', [String(k)]);
            """, expected: ["counters: key TEXT, hits INTEGER"]),
        Fixture(name: "quoted and keyword identifiers", source: """
            db.all('SELECT "group", "select col" FROM "order" WHERE "from" = ?', [1]);
            """, expected: ["order: group, select col, from INTEGER"]),
        Fixture(name: "a table named like a keyword SQLite lets stand as a name", source: """
            db.all('SELECT libraryID FROM groups WHERE groupID = ?', [7]);
            """, expected: ["groups: libraryID, groupID INTEGER"]),
        Fixture(name: "SET names the target's columns even with other tables in sight", source: """
            db.run('UPDATE items SET synced = 0 WHERE itemID IN (SELECT itemID FROM relations WHERE kind = ?)', [k]);
            """, expected: ["items: synced INTEGER", "relations: "]),
        Fixture(name: "a fragment spliced into a larger statement is not a statement", source: """
            const part = '(SELECT COUNT(*) FROM children WHERE parentID = O.id) AS n';
            db.all('SELECT 1');
            """, expected: []),
    ]

    @Test(arguments: fixtures)
    func collects(_ fixture: Fixture) throws {
        let queries = QueryExtractor.extractQueries(from: Array(fixture.source.utf8), language: .javascript, configuration: .default)
        let schema = try fixture.schemaDDL.map { try SchemaSnapshot(replayingDDL: $0) }
        let usage = TableUsageCollector.collect(queries, schema: schema)
        let rendered = usage.map { table in
            "\(table.name): " + table.columns.map { [$0.name, $0.inferredType].compactMap { $0 }.joined(separator: " ") }.joined(separator: ", ")
        }
        #expect(rendered == fixture.expected)
    }

    @Test func countsUsesAcrossStatements() {
        let source = """
            db.all('SELECT a FROM t WHERE b = 1');
            db.run('UPDATE t SET a = ? WHERE b = 2', ['x']);
            """
        let queries = QueryExtractor.extractQueries(from: Array(source.utf8), language: .javascript, configuration: .default)
        let usage = TableUsageCollector.collect(queries)
        #expect(usage.first?.useCount == 2)
        #expect(usage.first?.column(named: "B")?.useCount == 2)
        #expect(usage.first?.column(named: "a")?.inferredType == "TEXT")
    }

    @Test func conflictingEvidenceGivesNoType() {
        let column = ColumnUsage(name: "v", useCount: 2, typeEvidence: [.init(type: "TEXT", strength: .value), .init(type: "INTEGER", strength: .value)])
        #expect(column.inferredType == nil)
        let named = ColumnUsage(name: "owner_id", useCount: 1, typeEvidence: [.init(type: "TEXT", strength: .comparedColumn)])
        #expect(named.inferredType == "TEXT")  // evidence beats the name
    }
}
