import Testing
@testable import SQLHealAnalysis

/// Binding fixtures: `⌖` stands just before a placeholder; `expected` lists, in order, the
/// `table.column` each marked placeholder meets (`-` for none) and, optionally, the context.
struct QueryBinderTests {
    private func check(_ fixture: String, _ expected: [String], contexts: [PlaceholderContext?]? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let schema = try BinderFixtures.schema()
        let (sql, markers) = BinderFixtures.strip(["⌖"], from: fixture)
        let bindings = QueryBinder.bindings(forSQL: sql, schema: schema)
        var actual: [String] = []
        var actualContexts: [PlaceholderContext?] = []
        for (_, offset) in markers {
            let binding = bindings.first { $0.sqlRange.lowerBound == offset }
            #expect(binding != nil, "no placeholder at marker offset \(offset)", sourceLocation: sourceLocation)
            actual.append(binding?.column?.qualifiedName ?? "-")
            actualContexts.append(binding?.context)
        }
        #expect(actual == expected, sourceLocation: sourceLocation)
        if let contexts { #expect(actualContexts == contexts, sourceLocation: sourceLocation) }
    }

    @Test func everyComparisonOperatorBothWays() throws {
        try check("SELECT * FROM users WHERE email = ⌖? AND age == ⌖? AND name != ⌖? AND age <> ⌖?", ["users.email", "users.age", "users.name", "users.age"],
                  contexts: [.equality, .equality, .equality, .equality])
        try check("SELECT * FROM users WHERE age < ⌖? OR age > ⌖? OR age <= ⌖? OR score >= ⌖?", ["users.age", "users.age", "users.age", "users.score"],
                  contexts: [.ordering, .ordering, .ordering, .ordering])
        try check("SELECT * FROM users WHERE ⌖? = email AND ⌖?<age AND ⌖? IS name", ["users.email", "users.age", "users.name"])
        try check("SELECT * FROM users WHERE name IS ⌖? OR name IS NOT ⌖? OR age IS NOT DISTINCT FROM ⌖?", ["users.name", "users.name", "users.age"])
        try check("SELECT * FROM users WHERE name LIKE ⌖? ESCAPE '\\' OR email NOT GLOB ⌖?", ["users.name", "users.email"], contexts: [.pattern, .pattern])
    }

    @Test func placeholdersInsideLargerExpressionsMeetNoColumn() throws {
        try check("SELECT * FROM users WHERE age = ⌖? + 1 OR age + 1 = ⌖? OR lower(name) = ⌖? OR name = lower(⌖?) OR ⌖? || 'x' = name", ["-", "-", "-", "-", "-"])
        try check("SELECT coalesce(⌖?, name), ⌖? FROM users", ["-", "-"])
    }

    @Test func aliasesQualifiedNamesAndJoins() throws {
        try check("SELECT * FROM users u JOIN sessions AS s ON s.user_id = u.id WHERE u.id = ⌖? AND s.token = ⌖? AND main.s.created_at > ⌖?", ["users.id", "sessions.token", "sessions.created_at"])
        try check("SELECT * FROM main.users, sessions WHERE email = ⌖? AND token = ⌖?", ["users.email", "sessions.token"])
        try check("SELECT * FROM users LEFT OUTER JOIN orders o USING (id) WHERE total = ⌖? AND o.note = ⌖?", ["orders.total", "orders.note"])
        try check("SELECT * FROM \"users\" AS [U] WHERE \"U\".`email` = ⌖?", ["users.email"])
    }

    @Test func unqualifiedNamesResolveOnlyWhenUnambiguous() throws {
        // `id` and `user_id` exist in both tables; `total` only in orders.
        try check("SELECT * FROM sessions JOIN orders ON 1 WHERE id = ⌖? AND user_id = ⌖? AND total = ⌖?", ["-", "-", "orders.total"])
        try check("SELECT * FROM users, json_each(?) WHERE email = ⌖?", ["-"])
        try check("SELECT * FROM nowhere WHERE email = ⌖?", ["-"])
    }

    @Test func inListsAndBetween() throws {
        try check("SELECT * FROM users WHERE id IN (⌖?, ⌖?, 3) AND name NOT IN (⌖?)", ["users.id", "users.id", "users.name"],
                  contexts: [.membership, .membership, .membership])
        try check("SELECT * FROM users WHERE age BETWEEN ⌖? AND ⌖? AND score NOT BETWEEN ⌖? AND ⌖?", ["users.age", "users.age", "users.score", "users.score"],
                  contexts: [.ordering, .ordering, .ordering, .ordering])
    }

    @Test func insertValuesAcrossRows() throws {
        try check("INSERT INTO sessions (user_id, token) VALUES (⌖?, ⌖?), (⌖?, ⌖?)", ["sessions.user_id", "sessions.token", "sessions.user_id", "sessions.token"],
                  contexts: [.insertValue, .insertValue, .insertValue, .insertValue])
        try check("INSERT INTO tags VALUES (⌖?, ⌖?)", ["tags.name", "tags.weight"])
        try check("INSERT OR REPLACE INTO sessions AS s (token, user_id) VALUES (⌖?, lower(⌖?))", ["sessions.token", "-"])
        try check("REPLACE INTO tags (weight) VALUES (⌖?)", ["tags.weight"])
    }

    @Test func updateSetAndUpsert() throws {
        try check("UPDATE users SET name = ⌖?, age = ⌖? WHERE id = ⌖?", ["users.name", "users.age", "users.id"],
                  contexts: [.updateValue, .updateValue, .equality])
        try check("UPDATE OR IGNORE users AS u SET age = age + ⌖?, score = ⌖? FROM sessions s WHERE s.user_id = ⌖?", ["-", "users.score", "sessions.user_id"])
        try check("INSERT INTO tags (name, weight) VALUES (⌖?, ⌖?) ON CONFLICT (name) DO UPDATE SET weight = ⌖? WHERE excluded.weight > ⌖?",
                  ["tags.name", "tags.weight", "tags.weight", "tags.weight"], contexts: [.insertValue, .insertValue, .updateValue, .ordering])
    }

    @Test func subqueriesHaveTheirOwnScope() throws {
        try check("SELECT * FROM users WHERE id IN (SELECT CAST(user_id AS INTEGER) FROM sessions WHERE token = ⌖?) AND email = ⌖?", ["sessions.token", "users.email"])
        // A correlated reference reaches the outer scope.
        try check("SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders WHERE u.email = ⌖? AND note = ⌖?)", ["users.email", "orders.note"])
        try check("SELECT email FROM users WHERE age = ⌖? UNION SELECT token FROM sessions WHERE token = ⌖?", ["users.age", "sessions.token"])
    }

    @Test func commonTableExpressionsAndDerivedTables() throws {
        try check("WITH recent(uid, t) AS (SELECT user_id, token FROM sessions) SELECT * FROM recent WHERE uid = ⌖? AND t = ⌖?", ["sessions.user_id", "sessions.token"])
        try check("WITH a AS (SELECT u.email AS mail, count(*) AS n FROM users u) SELECT * FROM a WHERE mail = ⌖? AND n > ⌖?", ["users.email", "-"])
        try check("SELECT * FROM (SELECT * FROM orders) o WHERE o.total >= ⌖?", ["orders.total"])
        try check("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < ⌖?) SELECT * FROM r WHERE n = ⌖?", ["-", "-"])
    }

    @Test func limitOffsetAndRowid() throws {
        try check("SELECT * FROM users WHERE rowid = ⌖? LIMIT ⌖? OFFSET ⌖?", ["users.id", "-", "-"], contexts: [.equality, .limit, .limit])
        try check("SELECT * FROM tags WHERE oid = ⌖? LIMIT ⌖?, ⌖?", ["tags.oid", "-", "-"], contexts: [.equality, .limit, .limit])
        try check("DELETE FROM sessions WHERE token = ⌖?", ["sessions.token"])
    }

    @Test func shapesThatBindNothingOrSomethingElse() throws {
        // Row values, INSERT … SELECT, SET (a, b) = (…): no single column is met.
        try check("SELECT * FROM users WHERE (age, name) = (⌖?, ⌖?)", ["-", "-"])
        try check("INSERT INTO tags (name, weight) SELECT ⌖?, ⌖?", ["-", "-"])
        try check("UPDATE users SET (age, name) = (⌖?, ⌖?)", ["-", "-"])
        // A collation on either side keeps the comparison with the column: SQLite's affinity of
        // `name COLLATE NOCASE` is the column's (sqlite3ExprAffinity looks through COLLATE).
        try check("SELECT * FROM users WHERE name = ⌖? COLLATE NOCASE AND name COLLATE NOCASE = ⌖?", ["users.name", "users.name"])
        // DELETE with an alias, RETURNING, window clauses, a subquery in ON.
        try check("DELETE FROM sessions AS s WHERE s.token = ⌖? RETURNING id", ["sessions.token"])
        try check("SELECT row_number() OVER (PARTITION BY user_id ORDER BY total) FROM orders WHERE note = ⌖?", ["orders.note"])
        try check("SELECT * FROM users u JOIN orders o ON o.user_id = (SELECT id FROM users WHERE email = ⌖?) WHERE o.total > ⌖?", ["users.email", "orders.total"])
        try check("INSERT INTO tags (name) VALUES (⌖?) RETURNING weight", ["tags.name"])
        // Named parameters of every prefix bind the same way.
        try check("SELECT * FROM users WHERE email = ⌖@email AND age > ⌖:age AND name = ⌖$name AND nick = ⌖#nick", ["users.email", "users.age", "users.name", "users.nick"])
    }

    @Test func parameterNumberingFollowsSQLite() throws {
        let schema = try BinderFixtures.schema()
        let bindings = QueryBinder.bindings(forSQL: "SELECT * FROM users WHERE id = ?5 AND age = ? AND name = :n AND email = :n AND score = $s AND nick = ?", schema: schema)
        let identities = bindings.map(\.identity)
        #expect(identities == [
            .parameter(number: 5, name: nil), .parameter(number: 6, name: nil), .parameter(number: 7, name: "n"),
            .parameter(number: 7, name: "n"), .parameter(number: 8, name: "s"), .parameter(number: 9, name: nil),
        ])
    }

    /// Deep nesting must not exhaust the stack (analysis runs on threads with small stacks).
    @Test func deepNestingStaysBounded() throws {
        let schema = try BinderFixtures.schema()
        let parentheses = "SELECT * FROM " + String(repeating: "(", count: 50_000) + "users" + String(repeating: ")", count: 50_000) + " WHERE email = ?"
        _ = QueryBinder.bindings(forSQL: parentheses, schema: schema)
        let subqueries = String(repeating: "SELECT * FROM (", count: 5_000) + "SELECT * FROM users WHERE email = ?" + String(repeating: ")", count: 5_000)
        _ = QueryBinder.bindings(forSQL: subqueries, schema: schema)
        let chain = "WITH c0 AS (SELECT email FROM users), " + (1..<2_000).map { "c\($0) AS (SELECT email FROM c\($0 - 1))" }.joined(separator: ", ")
            + " SELECT * FROM c1999 WHERE email = ?"
        _ = QueryBinder.bindings(forSQL: chain, schema: schema)
        // Shallow chains still resolve through every CTE.
        try check("WITH a AS (SELECT email FROM users), b AS (SELECT email FROM a), c AS (SELECT * FROM b) SELECT * FROM c WHERE email = ⌖?", ["users.email"])
    }

    @Test func malformedSQLNeverTraps() throws {
        let schema = try BinderFixtures.schema()
        for sql in ["", "?", "(((", ")))?", "SELECT * FROM users WHERE id = (", "INSERT INTO", "UPDATE SET = ?", "WITH a AS (", "SELECT * FROM (SELECT", "INSERT INTO t (a, b VALUES (?, ?", "SELECT ? ; ; ? = id", "WITH r AS (SELECT * FROM r) SELECT * FROM r WHERE x = ?", "x BETWEEN ? AND", "IN (?", ". = ?", "SELECT * FROM t WHERE a.b.c.d.e = ?"] {
            _ = QueryBinder.bindings(forSQL: sql, schema: schema)
        }
        var generator = SplitMix64(seed: 42)
        let words = ["SELECT", "*", "FROM", "users", "u", "WHERE", "=", "?", "(", ")", ",", "IN", "VALUES", "INSERT", "INTO", "UPDATE", "SET", "WITH", "AS", "JOIN", "ON", "BETWEEN", "AND", ".", "id", "email", "UNION", ";", "LIMIT", "DO", "excluded"]
        for _ in 0..<500 {
            let count = Int(generator.next() % 30)
            let sql = (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ")
            _ = QueryBinder.bindings(forSQL: sql, schema: schema)
        }
    }
}
