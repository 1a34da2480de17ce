import Testing
@testable import SQLHealAnalysis

struct ScopeCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// SQL with `⌖` where the scope is asked for.
    var sql: String
    /// `name(kind): col, col` per visible source, innermost first.
    var expected: [String]
    var testDescription: String { name }
}

struct PlaceholderCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// SQL with every placeholder of interest in `⟦…⟧`, in order.
    var sql: String
    var expected: [String]
    var testDescription: String { name }
}

struct ResultCase: Sendable, CustomTestStringConvertible {
    var name: String
    var sql: String
    /// `name TYPE` per result column.
    var expected: [String]
    var testDescription: String { name }
}

@Suite("SQL model: scopes, placeholders, result types")
struct SQLModelScopeTests {
    static let scopeCases: [ScopeCase] = [
        ScopeCase(name: "select list before FROM", sql: "SELECT ⌖ FROM users u", expected: ["u(table): id, email, name, age, created_at"]),
        ScopeCase(name: "statement still being typed: WHERE at the end", sql: "SELECT * FROM orders o JOIN users ON o.user_id = users.id WHERE ⌖", expected: [
            "o(table): id, user_id, total, status", "users(table): id, email, name, age, created_at",
        ]),
        ScopeCase(name: "statement still being typed: alias dot", sql: "SELECT o.⌖ FROM orders o", expected: ["o(table): id, user_id, total, status"]),
        ScopeCase(name: "CTE and subquery sources", sql: "WITH t(a, b) AS (SELECT id, email FROM users) SELECT ⌖ FROM t, (SELECT total AS amount FROM orders) s", expected: [
            "t(commonTable): a, b", "s(subquery): amount",
        ]),
        ScopeCase(name: "inner scope then outer", sql: "SELECT * FROM users WHERE id IN (SELECT user_id FROM orders WHERE ⌖)", expected: [
            "orders(table): id, user_id, total, status", "users(table): id, email, name, age, created_at",
        ]),
        ScopeCase(name: "upsert sees excluded", sql: "INSERT INTO tags (name, color) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET color = ⌖", expected: [
            "tags(table): name, color", "excluded(pseudoTable): name, color",
        ]),
        ScopeCase(name: "trigger sees NEW", sql: "CREATE TRIGGER t AFTER INSERT ON orders BEGIN UPDATE users SET age = ⌖; END", expected: [
            "users(table): id, email, name, age, created_at", "new(pseudoTable): id, user_id, total, status",
        ]),
        ScopeCase(name: "update target", sql: "UPDATE users SET ⌖", expected: ["users(table): id, email, name, age, created_at"]),
    ]

    @Test(arguments: scopeCases)
    func scopeAtCursor(_ testCase: ScopeCase) throws {
        let fixture = SQLModelFixture(testCase.sql)
        let resolution = SQLResolver.resolve(fixture.text, schema: modelSchema)
        let cursor = try #require(fixture.cursor)
        let actual = resolution.visibleSources(at: cursor).map { "\($0.name)(\($0.kind.rawValue)): \($0.columns.map(\.name).joined(separator: ", "))" }
        #expect(actual == testCase.expected)
    }

    static let placeholderCases: [PlaceholderCase] = [
        PlaceholderCase(name: "comparisons both ways, IN, BETWEEN, LIKE", sql: "SELECT * FROM users u WHERE u.id = ⟦?⟧ AND ⟦:age⟧ < age AND name IN (⟦?⟧, ⟦?⟧) AND created_at BETWEEN ⟦?⟧ AND ⟦?⟧ AND email LIKE ⟦?⟧", expected: [
            "users.id INTEGER", "users.age INTEGER", "users.name TEXT", "users.name TEXT", "users.created_at DATETIME", "users.created_at DATETIME", "users.email TEXT",
        ]),
        PlaceholderCase(name: "insert values by position, with and without a column list", sql: "INSERT INTO orders (total, status) VALUES (⟦?⟧, ⟦?⟧); INSERT INTO tags VALUES (⟦?⟧, ⟦?⟧)", expected: [
            "orders.total REAL", "orders.status TEXT", "tags.name TEXT", "tags.color TEXT",
        ]),
        PlaceholderCase(name: "insert select, set, function argument, limit", sql: "INSERT INTO tags (name) SELECT ⟦?⟧; UPDATE users SET age = ⟦?⟧, name = upper(⟦?⟧) WHERE id = ⟦$id⟧; SELECT * FROM users LIMIT ⟦?⟧", expected: [
            "tags.name TEXT", "users.age INTEGER", "upper#0", "users.id INTEGER", "limit",
        ]),
        PlaceholderCase(name: "upsert assignment and CTE column", sql: "WITH t(x) AS (SELECT age FROM users) SELECT * FROM t WHERE x = ⟦?⟧", expected: [
            "x INTEGER",
        ]),
    ]

    @Test(arguments: placeholderCases)
    func placeholderTargets(_ testCase: PlaceholderCase) {
        let fixture = SQLModelFixture(testCase.sql)
        let resolution = SQLResolver.resolve(fixture.text, schema: modelSchema)
        let actual = fixture.ranges.map { range in
            resolution.placeholders.first { $0.range == range }.map { SymbolSummary.describe($0.target) } ?? "no placeholder"
        }
        #expect(actual == testCase.expected)
    }

    static let resultCases: [ResultCase] = [
        ResultCase(name: "columns, aliases, literals, functions, casts", sql: "SELECT u.id, email AS mail, 1, 2.5, 'x', count(*), CAST(age AS REAL), upper(name), age + 1, max(age) FROM users u", expected: [
            "id INTEGER", "mail TEXT", "1 INTEGER", "2.5 REAL", "'x' TEXT", "count(*) INTEGER", "CAST(age AS REAL) REAL", "upper(name) TEXT", "age + 1 INTEGER", "max(age) INTEGER",
        ]),
        ResultCase(name: "star over a join and a CTE", sql: "WITH t AS (SELECT name FROM tags) SELECT * FROM t JOIN docs", expected: [
            "name TEXT", "title ", "body ",
        ]),
        ResultCase(name: "RETURNING", sql: "DELETE FROM orders WHERE id = ? RETURNING id, total * 2 AS doubled", expected: ["id INTEGER", "doubled REAL"]),
        ResultCase(name: "VALUES", sql: "VALUES (1, 'a')", expected: ["column1 INTEGER", "column2 TEXT"]),
    ]

    @Test(arguments: resultCases)
    func resultColumnTypes(_ testCase: ResultCase) {
        let resolution = SQLResolver.resolve(testCase.sql, schema: modelSchema)
        let actual = resolution.results.last?.columns.map { "\($0.name) \($0.declaredType)" } ?? []
        #expect(actual == testCase.expected)
    }
}
