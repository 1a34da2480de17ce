import Foundation
import MCP
import SQLHealWorkspace
import Testing
@testable import SQLHealMCP

/// The tools called directly (no transport) on a small project of our own: a migrations folder
/// and one source file, no database.
@Suite("MCP tools")
struct MCPToolTests {
    static let migration = """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            "display name" TEXT
        );
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            title TEXT NOT NULL
        );
        CREATE INDEX posts_by_author ON posts(author_id, title);
        CREATE VIEW titles AS SELECT title FROM posts;
        """

    static let source = """
        import Database from 'better-sqlite3';
        const db = new Database('app.db');
        // db.all('SELECT * FROM posts')
        export const byAuthor = (id) => db.prepare('SELECT title FROM posts WHERE author_id = ?').all(id);
        export const rename = (id, title) => db.run(`UPDATE posts SET title = ${title} WHERE id = ?`, [id]);
        export const emails = () => db.all('SELECT email FROM users');

        """

    static func project() throws -> (TemporaryFolder, MCPProject) {
        let folder = try TemporaryFolder(["migrations/1_init.sql": migration, "src/posts.js": source])
        return (folder, MCPProject(root: folder.root))
    }

    static func call(_ tool: String, _ arguments: [String: Value], _ project: MCPProject) -> (isError: Bool, structured: [String: Value], text: String) {
        let result = ToolCatalog.call(tool, arguments: arguments, project: project)
        let text = result.content.compactMap { content -> String? in
            if case .text(let text, _, _) = content { return text }
            return nil
        }.joined(separator: "\n")
        return (result.isError ?? false, result.structuredContent?.objectValue ?? [:], text)
    }

    // MARK: - check_sql

    /// SQL with `⟦…⟧` around the range the one expected finding covers (1-based line/column
    /// within the SQL, code points), including the characters a template literal escapes.
    static let positionFixtures: [(sql: String, code: String)] = [
        ("SELECT ⟦emial⟧ FROM users", "missing-column"),
        ("SELECT id,\n       ⟦emial⟧\nFROM users", "missing-column"),
        ("SELECT 'a`b\\\\c${d}' AS x, ⟦emial⟧ FROM users", "missing-column"),
        ("SELECT ⟦\"display nmae\"⟧ FROM users", "missing-column"),
        ("SELECT 'é𝄞', ⟦emial⟧ FROM users", "missing-column"),
        ("SELECT id FROM ⟦userz⟧", "missing-table"),
        ("DELETE FROM posts WHERE ⟦WHERE⟧ id = 1", "sql-syntax"),
    ]

    @Test(arguments: positionFixtures.indices)
    func checkSQLPointsAtTheWordInTheStatement(index: Int) throws {
        let (folder, project) = try Self.project()
        defer { withExtendedLifetime(folder) {} }  // the project's files live until the test ends
        let fixture = Self.positionFixtures[index]
        let (sql, expected) = try Markers.strip(fixture.sql)
        let answer = Self.call("check_sql", ["sql": .string(sql)], project)
        #expect(answer.isError)
        let findings = answer.structured["findings"]?.arrayValue ?? []
        try #require(findings.count == 1, "\(answer.text)")
        let finding = findings[0].objectValue ?? [:]
        #expect(finding["code"]?.stringValue == fixture.code)
        #expect(finding["in"]?.stringValue == "sql")
        #expect(finding["line"]?.intValue == expected.line && finding["column"]?.intValue == expected.column, "\(finding)")
        #expect(finding["endLine"]?.intValue == expected.endLine && finding["endColumn"]?.intValue == expected.endColumn, "\(finding)")
        #expect(finding["text"]?.stringValue == expected.text)
    }

    @Test func checkSQLSuggestsNamesAndListsResultColumnsAndParameters() throws {
        let (folder, project) = try Self.project()
        defer { withExtendedLifetime(folder) {} }  // the project's files live until the test ends
        let typo = Self.call("check_sql", ["sql": "SELECT emial FROM users"], project)
        #expect(typo.structured["findings"]?.arrayValue?.first?.objectValue?["suggestions"] == .strings(["email"]))

        let valid = Self.call("check_sql", ["sql": "SELECT p.title, u.email AS mail, count(*) AS n FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = :id",
                                            "params": ["id": "Number(req.params.id)"]], project)
        #expect(!valid.isError && valid.structured["valid"] == .bool(true), "\(valid.text)")
        #expect(valid.structured["columns"] == .array([
            ["name": "title", "type": "TEXT", "table": "posts", "column": "title"],
            ["name": "mail", "type": "TEXT", "table": "users", "column": "email"],
            ["name": "n", "type": .null, "table": .null, "column": .null],
        ]))
        let parameter = valid.structured["parameters"]?.arrayValue?.first?.objectValue
        #expect(parameter?["name"]?.stringValue == "id" && parameter?["column"]?.stringValue == "posts.id")
        #expect(parameter?["value"]?.stringValue == "Number(req.params.id)")
        #expect(valid.structured["readOnly"] == .bool(true) && valid.structured["parameterCount"] == .int(1))
    }

    @Test func checkSQLCountsParametersOnlyWhenGiven() throws {
        let (folder, project) = try Self.project()
        defer { withExtendedLifetime(folder) {} }  // the project's files live until the test ends
        let sql: Value = "UPDATE posts SET title = ? WHERE id = ?"
        #expect(!Self.call("check_sql", ["sql": sql], project).isError)
        let short = Self.call("check_sql", ["sql": sql, "params": ["title"]], project)
        #expect(short.isError && short.structured["findings"]?.arrayValue?.first?.objectValue?["code"] == "param-count")
        #expect(!Self.call("check_sql", ["sql": sql, "params": ["title", 7]], project).isError)
    }

    @Test func checkSQLReportsAConversionInTheParameters() throws {
        let (folder, project) = try Self.project()
        defer { withExtendedLifetime(folder) {} }  // the project's files live until the test ends
        let answer = Self.call("check_sql", ["sql": "INSERT INTO posts (author_id, title) VALUES (?, ?)", "params": ["String(authorId)", "title"]], project)
        let finding = answer.structured["findings"]?.arrayValue?.first?.objectValue
        #expect(finding?["code"] == "type-mismatch" && finding?["in"] == "params" && finding?["param"] == "1", "\(answer.text)")
        #expect(finding?["text"] == "String(authorId)")
        #expect(!answer.isError)
    }

    // MARK: - Other tools

    @Test func describeSchemaWithMigrationsOnly() throws {
        let (folder, project) = try Self.project()
        defer { withExtendedLifetime(folder) {} }  // the project's files live until the test ends
        let answer = Self.call("describe_schema", [:], project)
        #expect(answer.structured["checkedAgainst"] == "declared schema")
        #expect(answer.structured["sources"] == .array([["kind": "migrations", "path": "migrations"]]))
        let tables = answer.structured["tables"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(tables.map { $0["name"]?.stringValue } == ["posts", "titles", "users"])
        let posts = try #require(tables.first)
        #expect(posts["declaredAt"] == "migrations/1_init.sql:6" && posts["inDatabase"] == .null)
        #expect(posts["foreignKeys"] == .array([["columns": ["author_id"], "references": "users", "referencedColumns": ["id"], "onDelete": "CASCADE", "onUpdate": "NO ACTION"]]))
        #expect(posts["indexes"] == .array([["name": "posts_by_author", "columns": ["author_id", "title"], "unique": false, "origin": "c", "partial": false]]))
        #expect(tables[1]["kind"] == "view" && tables[1]["foreignKeys"] == nil)
        #expect(tables[2]["columns"]?.arrayValue?.last?.objectValue?["name"] == "display name")
    }

    @Test func findQueriesReadsStatementsNotText() throws {
        let (folder, project) = try Self.project()
        defer { withExtendedLifetime(folder) {} }  // the project's files live until the test ends
        let posts = Self.call("find_queries", ["table": "POSTS"], project)
        let found = posts.structured["queries"]?.arrayValue?.compactMap { $0.objectValue?["line"]?.intValue } ?? []
        #expect(found == [4, 5], "the comment on line 3 is no query; \(posts.text)")
        let titles = Self.call("find_queries", ["table": "posts", "column": "author_id"], project)
        #expect(titles.structured["queries"]?.arrayValue?.count == 1)
    }

    @Test func badInputIsAnErrorNamingTheProblem() throws {
        let (folder, project) = try Self.project()
        defer { withExtendedLifetime(folder) {} }
        try FileManager.default.createSymbolicLink(atPath: folder.path("src/outside"), withDestinationPath: "/etc")
        let cases: [(String, [String: Value], String)] = [
            ("describe_schema", ["table": "user"], "did you mean users"),
            ("describe_schema", ["table": 3], "must be a string, not a number 3"),
            ("find_queries", ["table": "comments"], "no table named comments"),
            ("check_file", ["path": "src/../../x.js"], "outside the project"),
            ("check_file", ["path": "src/outside/passwd"], "leads outside the project"),
            ("check_file", ["path": "src"], "is a folder"),
            ("check_project", ["paths": ["nowhere"]], "does not exist"),
            ("check_sql", ["sql": "SELECT 1", "params": [["nested"]]], "must be a JavaScript expression"),
            ("check_sql", ["sql": "SELECT 1", "params": ["a b": "1"]], "is not a parameter name"),
            ("check_sql", ["sql": "SELEC 1"], "near \"SELEC\": syntax error"),
            ("plan_repair", [:], "no database"),
            ("describe", [:], "unknown tool describe"),
        ]
        for (tool, arguments, fragment) in cases {
            let answer = Self.call(tool, arguments, project)
            #expect(answer.isError, "\(tool) \(arguments)")
            #expect(answer.text.contains(fragment), "\(tool) \(arguments): \(answer.text)")
        }
    }

    @Test func withoutASchemaEveryAnswerSaysOnlySyntaxIsChecked() throws {
        let folder = try TemporaryFolder(["src/app.js": "db.all('SELECT x FROM anything');\n"])
        defer { withExtendedLifetime(folder) {} }
        let project = MCPProject(root: folder.root)
        let valid = Self.call("check_sql", ["sql": "SELECT x FROM anything"], project)
        #expect(!valid.isError && valid.structured["warning"]?.stringValue?.hasPrefix("no schema found") == true, "\(valid.text)")
        #expect(valid.text.hasPrefix("Warning: no schema found"))
        #expect(Self.call("check_sql", ["sql": "SELECT FROM"], project).isError)
        #expect(Self.call("check_project", [:], project).structured["warning"] != nil)
        let (withSchema, schemaProject) = try Self.project()
        defer { withExtendedLifetime(withSchema) {} }
        #expect(Self.call("check_sql", ["sql": "SELECT emial FROM users"], schemaProject).structured["warning"] == nil)
    }

    @Test func aMigrationWrittenBetweenCallsIsSeen() throws {
        let (folder, project) = try Self.project()
        defer { withExtendedLifetime(folder) {} }
        #expect(Self.call("check_sql", ["sql": "SELECT body FROM comments"], project).isError)
        try folder.write("migrations/2_comments.sql", "CREATE TABLE comments (id INTEGER PRIMARY KEY, body TEXT);\n")
        let answer = Self.call("check_sql", ["sql": "SELECT body FROM comments"], project)
        #expect(!answer.isError, "\(answer.text)")
    }
}

/// `⟦…⟧` in a fixture: the text without markers and the marked range as 1-based line/column
/// (code points), as `check_sql` reports it.
enum Markers {
    struct Expected: Equatable {
        var line: Int, column: Int, endLine: Int, endColumn: Int, text: String
    }

    static func strip(_ marked: String) throws -> (String, Expected) {
        let open = try #require(marked.range(of: "⟦"))
        let close = try #require(marked.range(of: "⟧"))
        let before = String(marked[..<open.lowerBound])
        let inside = String(marked[open.upperBound..<close.lowerBound])
        let text = before + inside + String(marked[close.upperBound...])
        func position(_ prefix: String) -> (Int, Int) {
            let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
            return (lines.count, lines.last!.unicodeScalars.count + 1)
        }
        let start = position(before)
        let end = position(before + inside)
        return (text, Expected(line: start.0, column: start.1, endLine: end.0, endColumn: end.1, text: inside))
    }
}

/// A project folder of the given files, removed on deinit.
final class TemporaryFolder {
    let root: String

    init(_ files: [String: String]) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sqlheal-mcp-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        root = WorkspacePath.standardize(base.resolvingSymlinksInPath().path)
        for (path, contents) in files { try write(path, contents) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    func path(_ relative: String) -> String { WorkspacePath.join(root, relative) }

    func write(_ relative: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }
}
