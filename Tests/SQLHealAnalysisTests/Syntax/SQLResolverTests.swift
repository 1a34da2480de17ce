import Testing
@testable import SQLHealAnalysis

/// A SQL text with `⟦…⟧` around names and, in order, what each marked name must resolve to
/// (every reference recorded at exactly that range, in ``SymbolSummary`` text).
struct ResolutionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var sql: String
    var expected: [String]
    var testDescription: String { name }
}

let modelSchema = CheckerFixtures.schema()

@Suite("SQL model: name resolution")
struct SQLResolverTests {
    static let cases: [ResolutionCase] = [
        ResolutionCase(name: "alias qualifies columns", sql: "SELECT ⟦u⟧.⟦email⟧ FROM ⟦users⟧ AS ⟦u⟧ WHERE ⟦u⟧.⟦id⟧ = ?", expected: [
            "alias u@29", "column users.email", "table users", "decl alias u@29", "alias u@29", "column users.id",
        ]),
        ResolutionCase(name: "join with USING and unqualified columns", sql: "SELECT ⟦total⟧, ⟦name⟧ FROM ⟦orders⟧ o JOIN ⟦users⟧ u USING (⟦id⟧)", expected: [
            "column orders.total", "column users.name", "table orders", "table users", "column orders.id",
        ]),
        ResolutionCase(name: "natural join and bare alias", sql: "SELECT ⟦o⟧.⟦status⟧ FROM users NATURAL JOIN orders ⟦o⟧", expected: [
            "alias o@47", "column orders.status", "decl alias o@47",
        ]),
        ResolutionCase(name: "CTE columns, named and selected", sql: "WITH ⟦big⟧(⟦uid⟧) AS (SELECT user_id FROM orders), ⟦t⟧ AS (SELECT ⟦id⟧ FROM users) SELECT ⟦uid⟧, ⟦t⟧.⟦id⟧ FROM ⟦big⟧, ⟦t⟧", expected: [
            "decl cte big@5", "decl cte-column big.uid", "decl cte t@47", "column users.id", "cte-column big.uid",
            "cte t@47", "cte-column t.id", "cte big@5", "cte t@47",
        ]),
        ResolutionCase(name: "recursive CTE sees its own columns", sql: "WITH RECURSIVE ⟦n⟧ AS (SELECT 1 AS ⟦x⟧ UNION ALL SELECT ⟦x⟧ + 1 FROM ⟦n⟧ WHERE ⟦x⟧ < 10) SELECT ⟦x⟧ FROM n", expected: [
            "decl cte n@15", "decl result-alias x", "cte-column n.x", "cte n@15", "cte-column n.x", "cte-column n.x",
        ]),
        ResolutionCase(name: "subquery columns through its alias", sql: "SELECT ⟦s⟧.⟦n⟧ FROM (SELECT count(*) AS n FROM orders) AS s", expected: [
            "alias s@54", "result-alias n",
        ]),
        ResolutionCase(name: "correlated subquery sees the outer scope", sql: "SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders WHERE ⟦user_id⟧ = ⟦u⟧.⟦id⟧)", expected: [
            "column orders.user_id", "alias u@20", "column users.id",
        ]),
        ResolutionCase(name: "upsert excluded", sql: "INSERT INTO ⟦users⟧ (⟦id⟧, ⟦email⟧) VALUES (?, ?) ON CONFLICT (⟦id⟧) DO UPDATE SET ⟦email⟧ = ⟦excluded⟧.⟦email⟧ RETURNING ⟦name⟧", expected: [
            "table users", "column users.id", "column users.email", "column users.id", "column users.email",
            "table users", "column users.email", "column users.name",
        ]),
        ResolutionCase(name: "update from", sql: "UPDATE ⟦orders⟧ SET ⟦total⟧ = 0 FROM ⟦users⟧ WHERE ⟦users⟧.⟦id⟧ = ⟦user_id⟧", expected: [
            "table orders", "column orders.total", "table users", "table users", "column users.id", "column orders.user_id",
        ]),
        ResolutionCase(name: "trigger NEW and OLD", sql: "CREATE TRIGGER ⟦t⟧ AFTER UPDATE ON ⟦orders⟧ BEGIN UPDATE users SET name = ⟦NEW⟧.⟦status⟧ WHERE id = ⟦OLD⟧.⟦user_id⟧; END", expected: [
            "decl trigger t", "table orders", "table orders", "column orders.status", "table orders", "column orders.user_id",
        ]),
        ResolutionCase(name: "create table declares and references", sql: "CREATE TABLE ⟦items⟧ (⟦id⟧ INTEGER PRIMARY KEY, ⟦owner⟧ INTEGER REFERENCES ⟦users⟧(⟦id⟧), CHECK (⟦owner⟧ > 0))", expected: [
            "decl table items", "decl column items.id", "decl column items.owner", "table users", "column users.id", "column items.owner",
        ]),
        ResolutionCase(name: "a table created earlier in the same text", sql: "CREATE TABLE notes (id INTEGER, body TEXT); CREATE INDEX ⟦notes_body⟧ ON ⟦notes⟧ (⟦body⟧)", expected: [
            "decl index notes_body", "table notes", "column notes.body",
        ]),
        ResolutionCase(name: "alter table names", sql: "ALTER TABLE ⟦users⟧ ADD COLUMN ⟦nickname⟧ TEXT; ALTER TABLE ⟦orders⟧ RENAME COLUMN ⟦status⟧ TO ⟦state⟧", expected: [
            "table users", "decl column users.nickname", "table orders", "column orders.status", "decl column orders.state",
        ]),
        ResolutionCase(name: "window functions and ORDER BY result alias", sql: "SELECT ⟦row_number⟧() OVER (PARTITION BY ⟦user_id⟧ ORDER BY ⟦total⟧) AS ⟦rn⟧ FROM orders ORDER BY ⟦rn⟧", expected: [
            "function row_number", "column orders.user_id", "column orders.total", "decl result-alias rn", "result-alias rn",
        ]),
        ResolutionCase(name: "unknown names stay names", sql: "SELECT ⟦nope⟧ FROM ⟦missing⟧ m WHERE ⟦m⟧.⟦x⟧ = 1", expected: [
            "unknown-column nope", "unknown-table missing", "alias m@25", "unknown-column x",
        ]),
        ResolutionCase(name: "view and rowid", sql: "SELECT ⟦rowid⟧, ⟦total⟧ FROM ⟦big_orders⟧", expected: [
            "column big_orders.rowid", "column big_orders.total", "table big_orders",
        ]),
        ResolutionCase(name: "delete with a subquery in IN", sql: "DELETE FROM ⟦tags⟧ WHERE ⟦name⟧ IN (SELECT ⟦status⟧ FROM ⟦orders⟧)", expected: [
            "table tags", "column tags.name", "column orders.status", "table orders",
        ]),
    ]

    @Test(arguments: cases)
    func resolves(_ testCase: ResolutionCase) {
        let fixture = SQLModelFixture(testCase.sql)
        let resolution = SQLResolver.resolve(fixture.text, schema: modelSchema)
        var actual: [String] = []
        for range in fixture.ranges {
            let found = resolution.references.filter { $0.range == range }
            if found.isEmpty { actual.append("nothing at \(fixture.slice(range))") }
            actual += found.map { SymbolSummary.describe($0, in: fixture.text) }
        }
        #expect(actual == testCase.expected)
    }
}
