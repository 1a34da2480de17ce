import Foundation
import SQLHealAnalysis
import Testing
@testable import SQLHealWorkspace

@Suite("Configuration")
struct ConfigurationTests {
    @Test func noConfigurationDiscoversMigrationsAndTheOnlyDatabase() throws {
        let project = try TemporaryProject(["migrations/1_init.sql": "CREATE TABLE t (id INTEGER);", "app.sqlite3": ""])
        let configuration = WorkspaceConfiguration.load(root: project.root)
        #expect(configuration.databasePath == project.path("app.sqlite3"))
        #expect(configuration.databaseSource == .discovered)
        #expect(configuration.migrationsPath == project.path("migrations"))
        #expect(configuration.findings.isEmpty)
        var expected = AnalysisConfiguration.default
        expected.extraction.connections.mainDatabaseFileName = "app.sqlite3"  // a connection the code opens elsewhere is another database
        #expect(configuration.analysis == expected)
    }

    @Test func twoDatabaseCandidatesMeanNoneIsGuessed() throws {
        let project = try TemporaryProject(["a.db": "", "b.sqlite": ""])
        let configuration = WorkspaceConfiguration.load(root: project.root)
        #expect(configuration.databasePath == nil)
        #expect(configuration.migrationsPath == nil)
    }

    @Test func filePathsAreRelativeToTheFileAndEditorSettingsWin() throws {
        let project = try TemporaryProject([
            "sqlheal.json": #"{ "database": "data/app.db", "migrations": "db/migrations", "sqlTags": ["q"], "queryFunctions": ["run"] }"#,
        ])
        let fileOnly = WorkspaceConfiguration.load(root: project.root)
        #expect(fileOnly.databasePath == project.path("data/app.db"))
        #expect(fileOnly.migrationsPath == project.path("db/migrations"))
        #expect(fileOnly.analysis.extraction.sqlTagNames == ["q"])
        #expect(fileOnly.analysis.extraction.queryFunctionNames == ["run"])

        let editor = SQLHealSettings.parse(#"{ "sqlheal": { "database": "other.db", "sqlTags": ["sql"] } }"#)
        #expect(editor.issues.isEmpty)
        let layered = WorkspaceConfiguration.load(root: project.root, editorSettings: editor)
        #expect(layered.databasePath == project.path("other.db"))
        #expect(layered.databaseSource == .editor)
        #expect(layered.migrationsPath == project.path("db/migrations"), "keys the editor does not set keep the file's value")
        #expect(layered.analysis.extraction.sqlTagNames == ["sql"])
        #expect(layered.analysis.extraction.queryFunctionNames == ["run"])
    }

    /// `⟦…⟧` marks where each expected finding's range is.
    static let brokenFiles: [(text: String, expected: [String])] = [
        ("{ \"database\": ⟦42⟧ }", ["error \"database\" must be a path (a string), found a number"]),
        ("{ \"include\": ⟦\"src\"⟧ }", ["warning \"include\" should be an array of strings; read as [\"src\"]"]),
        ("{ \"include\": [\"a\", ⟦7⟧] }", ["error every element of \"include\" must be a string, found a number"]),
        ("{\n  ⟦\"databse\"⟧: \"x.db\"\n}", ["warning unknown key \"databse\" (did you mean \"database\"?); known keys: database, migrations, include, exclude, queryFunctions, sqlTags, schema, databases"]),
        ("{ \"database\": \"x.db\" ⟦\"⟧migrations\": \"m\" }", ["error sqlheal.json is not valid JSON: expected , or } in the object"]),
        ("⟦[]⟧", ["error the configuration must be a JSON object, found an array"]),
        ("{ \"database\": ⟦tru⟧ }", ["error sqlheal.json is not valid JSON: unexpected word: true or another JSON value was expected"]),
    ]

    @Test(arguments: brokenFiles)
    func brokenFilesGiveLocatedFindings(_ testCase: (text: String, expected: [String])) throws {
        let (text, expectedRange) = try Self.stripMarkers(testCase.text)
        let project = try TemporaryProject(["sqlheal.json": text])
        let configuration = WorkspaceConfiguration.load(root: project.root)
        #expect(configuration.findings.map { "\($0.severity.name) \($0.message)" } == testCase.expected)
        let finding = try #require(configuration.findings.first)
        #expect(finding.code == .configurationError)
        #expect(finding.path == project.path("sqlheal.json"))
        #expect(finding.finding.range == expectedRange)
    }

    @Test func positionsAreUTF16AndOneBasedInOutput() throws {
        let project = try TemporaryProject(["sqlheal.json": "{\n  \"é𝄞\": 1, \"database\": 2\n}"])
        let configuration = WorkspaceConfiguration.load(root: project.root)
        let database = try #require(configuration.findings.first { $0.message.contains("\"database\"") })
        // Line 2: `  "é𝄞": 1, "database": 2` — é is one UTF-16 unit, 𝄞 two.
        #expect(database.line1 == 2)
        #expect(database.column1 == 25)
    }

    @Test func restStillWorksWhenTheFileIsBroken() throws {
        let project = try TemporaryProject([
            "sqlheal.json": #"{ "database": 1, "migrations": "schema" }"#,
            "schema/1.sql": "CREATE TABLE users (id INTEGER);",
        ])
        let workspace = ProjectWorkspace.load(root: project.root)
        #expect(workspace.configuration.hasConfigurationErrors)
        #expect(workspace.schema.context.checkedSchema.table(named: "users") != nil)
    }

    @Test func configuredButMissingPathsAreReportedOnTheirKey() throws {
        let project = try TemporaryProject(["sqlheal.json": #"{ "database": "nope.db", "migrations": "nowhere" }"#])
        let workspace = ProjectWorkspace.load(root: project.root)
        let findings = workspace.workspaceFindings.map { "\(describe($0, root: project.root)) \($0.message)" }
        #expect(findings == [
            "sqlheal.json:1:15 config-error cannot read the database nope.db: database file not found; no schema to check against",
            "sqlheal.json:1:40 config-error migrations folder nowhere not found",
        ])
    }

    @Test func editorSettingsProblemsAreReportedWithoutAFile() {
        let parsed = SQLHealSettings.parse(#"{ "include": 3, "extra": true }"#)
        #expect(parsed.issues.map(\.severity) == [.error, .warning])
        #expect(parsed.settings.include == nil)
    }

    @Test func parserNeverTrapsOnHostileInput() {
        let inputs = ["", "{", "[[[[[[[[", String(repeating: "[", count: 10_000), "\"\\u12", "{\"a\":1,,}", "/* open", "\u{FEFF}{}", "1e", "-", "{\"a\" 1}"]
        for input in inputs {
            _ = SQLHealSettings.parse(input)
        }
        #expect(SQLHealSettings.parse("\u{FEFF}{ // comment\n \"sqlTags\": [\"sql\",], }").issues.isEmpty)
    }

    static func stripMarkers(_ marked: String) throws -> (String, Range<Int>) {
        var bytes: [UInt8] = []
        var start: Int?
        var end: Int?
        for character in marked {
            if character == "⟦" { start = bytes.count; continue }
            if character == "⟧" { end = bytes.count; continue }
            bytes.append(contentsOf: Array(String(character).utf8))
        }
        let lower = try #require(start)
        let upper = try #require(end)
        return (String(decoding: bytes, as: UTF8.self), lower..<upper)
    }
}
