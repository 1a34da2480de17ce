import Foundation
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealServer
import SQLHealSQLite
import Testing

/// Quick fixes on a migration file: each `schema-drift` warning and `unused-table` note offers
/// the one repair step that resolves it, and running it clears the warning.
@Suite struct SchemaRepairActionTests {
    static let migration = """
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          email TEXT,
          age INTEGER
        );
        CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER);
        CREATE TABLE audit_log (id INTEGER PRIMARY KEY, note TEXT);

        """

    /// What the cursor's line offers: (line of the diagnostic, code, action title, step id).
    static let expectedActions: [(line: Int, code: String, title: String, step: String)] = [
        (2, "schema-drift", "Add column users.email TEXT to app.db, as declared here", "add-column:users.email"),
        (3, "schema-drift", "Change users.age in app.db from TEXT to INTEGER, as declared here", "change-column-type:users.age:INTEGER"),
        (5, "schema-drift", "Create table orders in app.db, as declared here", "create-table:orders"),
        (6, "unused-table", "Archive table audit_log: rename it to _archived_audit_log", "archive-table:audit_log"),
    ]

    private func makeProject() throws -> String {
        let root = NSTemporaryDirectory() + "sqlheal-schema-actions-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/migrations", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/src", withIntermediateDirectories: true)
        try Data(#"{ "database": "app.db", "migrations": "migrations" }"#.utf8).write(to: URL(fileURLWithPath: root + "/sqlheal.json"))
        try Data(Self.migration.utf8).write(to: URL(fileURLWithPath: root + "/migrations/1_init.sql"))
        try Data("db.all('SELECT id, email, age FROM users');\ndb.all('SELECT id FROM orders');\n".utf8)
            .write(to: URL(fileURLWithPath: root + "/src/app.js"))
        let database = try SQLiteConnection(path: root + "/app.db", mode: .readWriteCreate)
        try database.execute("""
            CREATE TABLE users(id INTEGER PRIMARY KEY, age TEXT);
            CREATE TABLE audit_log(id INTEGER PRIMARY KEY, note TEXT);
            INSERT INTO users VALUES (1, '30');
            """)
        return root
    }

    /// The migration's diagnostics once the project scan has added the unused tables.
    private func migrationDiagnostics(_ client: InProcessTestClient, uri: String, until isComplete: ([Diagnostic]) -> Bool) async throws -> [Diagnostic] {
        for _ in 0..<10 {
            let published = try await client.waitForDiagnostics(uri: uri)
            if isComplete(published.diagnostics) { return published.diagnostics }
        }
        throw InProcessTestClient.ClientError.timeout("the expected diagnostics of \(uri)")
    }

    @Test func eachDriftAndUnusedTableOffersItsRepairStepWhichClearsIt() async throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let migrationURI = "file://" + root + "/migrations/1_init.sql"
        let client = InProcessTestClient()
        try await client.initialize(rootURI: "file://" + root)
        let diagnostics = try await migrationDiagnostics(client, uri: migrationURI) { diagnostics in
            diagnostics.count == Self.expectedActions.count
        }
        // Editors attach the server to SQL files too, so the user can ask there.
        client.open(uri: migrationURI, text: Self.migration, languageID: "sql")

        var commands: [String: JSONValue] = [:]
        for expected in Self.expectedActions {
            guard let diagnostic = diagnostics.first(where: { $0.range.start.line == expected.line }) else {
                Issue.record("no diagnostic on line \(expected.line): \(diagnostics.map(\.message))")
                continue
            }
            #expect(diagnostic.code == .string(expected.code))
            let answer = try await client.request(method: "textDocument/codeAction", params: [
                "textDocument": ["uri": .string(migrationURI)],
                "range": JSONValueCoding.encode(diagnostic.range),
                "context": ["diagnostics": [JSONValueCoding.encode(diagnostic)]],
            ]).get()
            guard case .array(let actions) = answer, actions.count == 1, let action = actions.first else {
                Issue.record("expected one action on line \(expected.line), got \(answer)")
                continue
            }
            #expect(action["title"] == .string(expected.title))
            #expect(action["kind"] == "quickfix")
            #expect(action["isPreferred"] == (expected.code == "schema-drift" ? .bool(true) : nil))
            #expect(action["command"]?["command"] == "sqlheal.repairSchema")
            let arguments = action["command"]?["arguments"]?[0]
            #expect(arguments?["only"] == .array([.string(expected.step)]))
            // A code action never carries consent: the server asks when it is chosen.
            #expect(arguments?["confirmed"] == nil)
            #expect(arguments?["origin"] == "codeAction")
            commands[expected.step] = action["command"]
        }

        // Choosing "Create table orders" asks (naming the database's full path), then runs exactly that step.
        client.serverRequestResponder.withLock { responder in
            responder = { method, _ in
                method == "window/showMessageRequest" ? .success(.object(["title": .string("Apply")])) : .success(.null)
            }
        }
        let create = try #require(commands["create-table:orders"])
        let result = try await client.request(method: "workspace/executeCommand", params: [
            "command": create["command"] ?? .null, "arguments": create["arguments"] ?? .null,
        ]).get()
        #expect(result["applied"] == .bool(true))
        #expect(result["steps"]?[0]?["id"] == "create-table:orders")
        let question = client.serverRequests.first { $0.method == "window/showMessageRequest" }?.params?["message"]?.stringValue
        #expect(question?.contains(URL(fileURLWithPath: root + "/app.db").resolvingSymlinksInPath().path) == true, "\(question ?? "no question")")
        let database = try SQLiteConnection(path: root + "/app.db", mode: .readOnly)
        #expect(try database.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'orders'") == .integer(1))
        #expect(try database.scalar("SELECT count(*) FROM pragma_table_info('users')") == .integer(2), "only the chosen step ran")
        let after = try await migrationDiagnostics(client, uri: migrationURI) { diagnostics in
            !diagnostics.contains { $0.range.start.line == 5 }
        }
        #expect(after.map(\.range.start.line).sorted() == [2, 3, 6])
        #expect(try await client.shutdownAndExit() == 0)
    }
}
