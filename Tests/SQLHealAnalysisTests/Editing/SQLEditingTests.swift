import Testing
@testable import SQLHealAnalysis

/// Where an editing fixture's text lives: JavaScript-family code (queries found by the real
/// extractor) or a `.sql` file.
enum EditingSource: Sendable {
    case code(SourceLanguage)
    case sqlFile
}

func editingContext(_ fixture: SQLModelFixture, _ source: EditingSource) -> SQLEditingContext? {
    guard let cursor = fixture.cursor else { return nil }
    let bytes = Array(fixture.text.utf8)
    switch source {
    case .code(let language):
        let queries = QueryExtractor.extractQueries(from: bytes, language: language, configuration: .default)
        return SQLEditingContext.inCode(at: cursor, queries: queries, schema: modelSchema)
    case .sqlFile:
        return SQLEditingContext.inSQLFile(bytes, at: cursor, schema: modelSchema)
    }
}

struct HoverCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// `⌖` at the cursor, `⟦…⟧` around the range the hover must report (none: no hover).
    var fixture: String
    var source: EditingSource = .code(.typescript)
    /// Fragments the Markdown must contain, in order.
    var fragments: [String]
    var testDescription: String { name }
}

struct CompletionCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// `⌖` at the cursor, `⟦…⟧` around the range a completion replaces (none: nothing offered).
    var fixture: String
    var source: EditingSource = .code(.typescript)
    /// The labels of the items of `kinds`, in the order offered.
    var kinds: Set<SQLCompletionItem.Kind>
    var expected: [String]
    /// Labels that must also be offered (keywords, functions).
    var alsoOffered: [String] = []
    var testDescription: String { name }
}

@Suite("SQL editing: hover")
struct SQLHoverTests {
    static let cases: [HoverCase] = [
        HoverCase(name: "table with keys, foreign keys and declaration", fixture: "db.all(`SELECT * FROM ⟦ord⌖ers⟧`)", fragments: [
            "table **orders**", "| user_id | INTEGER | → users(id) |", "Primary key: id", "Foreign keys: user_id → users(id)", "Declared at migrations/001_init.sql:1",
        ]),
        HoverCase(name: "column through an alias, in JSX", fixture: "const A = () => <div>{db.get(`SELECT u.⟦em⌖ail⟧ FROM users u`)}</div>", source: .code(.javascriptReact), fragments: [
            "column **users.email** `TEXT`", "affinity TEXT · NOT NULL", "Declared at migrations/001_init.sql:3",
        ]),
        HoverCase(name: "hole binds a column: the JS value expected", fixture: "db.all(`SELECT * FROM users WHERE age > ⟦${mi⌖nAge}⟧`)", fragments: [
            "`${minAge}`", "binds column **users.age** `INTEGER`", "expects a number",
        ]),
        HoverCase(name: "placeholder as a function argument", fixture: "db.all(\"SELECT substr(name, ⟦?⌖⟧) FROM users\", [n])", fragments: [
            "argument 2 (`Y`)", "substr(X, Y, Z)",
        ]),
        HoverCase(name: "first keyword: result columns and types", fixture: "db.all(`⟦SEL⌖ECT⟧ id, total * 2 AS twice FROM orders`)", fragments: [
            "**SELECT** returns 2 columns", "| id | INTEGER |", "| twice | REAL |",
        ]),
        HoverCase(name: "function signature and doc", fixture: "db.all(`SELECT ⟦coa⌖lesce⟧(name, email) FROM users`)", fragments: [
            "coalesce(X, Y, ...)", "The first non-NULL argument",
        ]),
        HoverCase(name: "CTE column", fixture: "db.all(`WITH t(a) AS (SELECT age FROM users) SELECT ⟦a⌖⟧ FROM t`)", fragments: [
            "column **t.a** `INTEGER` of common table expression t",
        ]),
        HoverCase(name: "migration file: the table being altered", fixture: "ALTER TABLE ⟦us⌖ers⟧ ADD COLUMN nickname TEXT;", source: .sqlFile, fragments: ["table **users**"]),
        HoverCase(name: "SQL held in a const, hovered where it is typed", fixture: "const Q = 'SELECT ⟦na⌖me⟧ FROM tags';\nexport const f = () => db.all(Q);", fragments: [
            "column **tags.name** `TEXT`",
        ]),
        HoverCase(name: "nothing outside the SQL string", fixture: "const x⌖ = db.all(`SELECT 1`)", fragments: []),
        HoverCase(name: "nothing on an unknown name (SQLite reports it)", fixture: "db.all(`SELECT nope⌖ FROM users`)", fragments: []),
    ]

    @Test(arguments: cases)
    func hover(_ testCase: HoverCase) {
        let fixture = SQLModelFixture(testCase.fixture)
        let hover = editingContext(fixture, testCase.source).flatMap { SQLHover.at($0) }
        guard let expectedRange = fixture.ranges.first else {
            #expect(hover == nil)
            return
        }
        #expect(hover?.range == expectedRange)
        var remaining = Substring(hover?.markdown ?? "")
        for fragment in testCase.fragments {
            guard let found = remaining.range(of: fragment) else {
                Issue.record("missing \(fragment) in:\n\(hover?.markdown ?? "no hover")")
                return
            }
            remaining = remaining[found.upperBound...]
        }
    }
}

@Suite("SQL editing: completion and signature help")
struct SQLCompletionTests {
    static let tables = ["big_orders", "docs", "orders", "tags", "users"]

    static let cases: [CompletionCase] = [
        CompletionCase(name: "tables after FROM", fixture: "db.all(`SELECT * FROM ⟦us⌖⟧`)", kinds: [.table, .view], expected: tables),
        CompletionCase(name: "tables after a comma in FROM, and CTEs first", fixture: "db.all(`WITH t AS (SELECT 1) SELECT * FROM users, ⌖⟦⟧`)", kinds: [.table, .view, .commonTable], expected: ["t"] + tables),
        CompletionCase(name: "tables after INTO and UPDATE in a .sql file", fixture: "INSERT INTO x VALUES (1); UPDATE ⟦⟧⌖", source: .sqlFile, kinds: [.table, .view], expected: tables),
        CompletionCase(name: "columns after alias dot, statement still being typed", fixture: "db.all(`SELECT o.⟦⟧⌖ FROM orders o WHERE`)", kinds: [.column], expected: ["id", "user_id", "total", "status"]),
        CompletionCase(name: "columns of every source in scope, keywords and functions", fixture: "db.all(`SELECT * FROM tags t JOIN docs WHERE ⟦co⌖⟧`)", kinds: [.column], expected: ["name", "color", "title", "body", "docs", "rank"], alsoOffered: ["AND", "GROUP BY", "count", "coalesce"]),
        CompletionCase(name: "CTE and subquery columns", fixture: "db.all(`WITH t(a, b) AS (SELECT 1, 2) SELECT ⌖⟦⟧ FROM t, (SELECT status AS s FROM orders) q`)", kinds: [.column], expected: ["a", "b", "s"]),
        CompletionCase(name: "JSX: columns of the inner subquery first, then the outer", fixture: "const L = () => <ul>{db.all(`SELECT * FROM users WHERE id IN (SELECT user_id FROM orders WHERE ⌖⟦⟧)`)}</ul>", source: .code(.typescriptReact), kinds: [.column], expected: ["id", "user_id", "total", "status", "email", "name", "age", "created_at"]),
        CompletionCase(name: "upsert sees excluded", fixture: "db.run(`INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET color = excluded.⌖⟦⟧`)", kinds: [.column], expected: ["name", "color"]),
        CompletionCase(name: "statement keywords at the start of a .sql file", fixture: "⟦SE⌖⟧", source: .sqlFile, kinds: [.keyword], expected: SQLCompletion.statementKeywords),
        CompletionCase(name: "statement keywords after a `;`", fixture: "db.all(`SELECT 1; ⟦IN⌖⟧`)", kinds: [.keyword], expected: SQLCompletion.statementKeywords),
        CompletionCase(name: "nothing in a SQL string literal", fixture: "db.all(`SELECT * FROM users WHERE name = 'a⌖`)", kinds: [.column], expected: []),
        CompletionCase(name: "nothing outside SQL", fixture: "const users = 1;⌖ db.all(`SELECT 1`)", kinds: [.column], expected: []),
    ]

    @Test(arguments: cases)
    func completion(_ testCase: CompletionCase) {
        let fixture = SQLModelFixture(testCase.fixture)
        let list = editingContext(fixture, testCase.source).flatMap(SQLCompletion.complete)
        guard let expectedRange = fixture.ranges.first else {
            #expect(list == nil || list?.items.isEmpty == true)
            return
        }
        #expect(list?.replaceRange == expectedRange)
        let labels = (list?.items ?? []).filter { testCase.kinds.contains($0.kind) }.map(\.label)
        #expect(labels == testCase.expected)
        let all = Set((list?.items ?? []).map(\.label))
        for label in testCase.alsoOffered { #expect(all.contains(label), "\(label) not offered") }
    }

    @Test(arguments: [
        ("db.all(`SELECT substr(name, ⌖`)", "substr(X, Y, Z)", 1),
        ("db.all(`SELECT coalesce(a, upper(b), c, ⌖) FROM t`)", "coalesce(X, Y, ...)", 1),
        ("db.all(`SELECT upper(lower(⌖)) FROM t`)", "lower(X)", 0),
        ("db.all(`SELECT upper(x) ⌖ FROM t`)", "", 0),
    ])
    func signatureHelp(_ fixtureText: String, _ signature: String, _ active: Int) {
        let fixture = SQLModelFixture(fixtureText)
        let help = editingContext(fixture, .code(.typescript)).flatMap(SQLSignatureHelp.at)
        #expect(help?.function.signature ?? "" == signature)
        if help != nil { #expect(help?.activeParameter == active) }
    }
}
