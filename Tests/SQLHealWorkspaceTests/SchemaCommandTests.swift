import Foundation
import Testing
@testable import SQLHealWorkspace

/// `sqlheal schema`, and what `check` says when it finds no schema, run as the real binary.
@Suite("Schema command", .serialized)
struct SchemaCommandTests {
    @Test(.enabled(if: CommandTests.binaryExists, "needs the sqlheal binary (swift build)"))
    func schemaPrintsTheAssembledSchemaAndItsSources() throws {
        let project = try TemporaryProject([
            "src/db.ts": "export const open = (db) => db.exec(`CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`);\n",
            "src/notes.ts": "export const all = (db) => db.prepare('SELECT body FROM notes').all();\n",
        ])
        let json = try CommandTests.run(["schema", "--root", project.root, "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["sources"] as? [[String: String]] == [["kind": "code", "path": "src/db.ts"]])
        let tables = try #require(object["tables"] as? [[String: Any]])
        #expect(tables.count == 1)
        #expect(tables.first?["name"] as? String == "notes")
        #expect(tables.first?["declaredAt"] as? String == "src/db.ts:1")
        #expect(tables.first?["columns"] as? [[String: String]] == [["name": "id", "type": "INTEGER"], ["name": "body", "type": "TEXT"]])

        let text = try CommandTests.run(["schema", "--root", project.root])
        #expect(text.status == 0)
        #expect(text.output == "sources:\n  code: src/db.ts\ntables: 1\n  notes(id INTEGER, body TEXT)  [src/db.ts:1]\n")
    }

    @Test(.enabled(if: CommandTests.binaryExists, "needs the sqlheal binary (swift build)"))
    func aBrokenConfigurationIsAUsageError() throws {
        let project = try TemporaryProject(["sqlheal.json": "{ \"schema\": 3 }"])
        let run = try CommandTests.run(["schema", "--root", project.root])
        #expect(run.status == 2)
        #expect(run.errors.contains("\"schema\" must be an array of strings"))
    }

    @Test(.enabled(if: CommandTests.binaryExists, "needs the sqlheal binary (swift build)"))
    func checkWithoutASchemaSaysSoOnceAndChecksSyntaxOnly() throws {
        let project = try TemporaryProject([
            "src/a.js": "db.all('SELECT nme FROM users');\ndb.all('SELECT id FROM orders');\n",
            "src/b.js": "db.all('SELEC id FROM users');\n",
        ])
        let run = try CommandTests.run(["check", "--root", project.root, "--format", "json"])
        #expect(run.status == 1, "the syntax error is still an error")
        let warnings = run.errors.split(separator: "\n").filter { $0.hasPrefix("warning: no schema found") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("sqlheal.json") == true)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        #expect(findings.map { $0["code"] as? String } == ["sql-syntax"])

        let clean = try TemporaryProject(["src/a.js": "db.all('SELECT nme FROM users');\n"])
        let cleanRun = try CommandTests.run(["check", "--root", clean.root])
        #expect(cleanRun.status == 0, "the warning does not change the exit status")
        #expect(cleanRun.errors.contains("warning: no schema found"))
    }
}
