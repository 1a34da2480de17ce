import Foundation
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealServer
import SQLHealSQLite
import Testing

/// `sqlheal.repairSchema` and `sqlheal.rollback` through the real server, with real framing.
@Suite struct RepairCommandTests {
    /// A project whose migrations add `users.email` and want `users.age` INTEGER.
    private func makeProject() throws -> String {
        let root = NSTemporaryDirectory() + "sqlheal-repair-server-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/migrations", withIntermediateDirectories: true)
        try Data(#"{ "database": "app.db", "migrations": "migrations" }"#.utf8).write(to: URL(fileURLWithPath: root + "/sqlheal.json"))
        try Data("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, age INTEGER, email TEXT);\n".utf8)
            .write(to: URL(fileURLWithPath: root + "/migrations/001_users.sql"))
        let database = try SQLiteConnection(path: root + "/app.db", mode: .readWriteCreate)
        try database.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, age TEXT); INSERT INTO users VALUES (1, 'a', '30');")
        return root
    }

    private func execute(_ client: InProcessTestClient, _ command: String, _ arguments: [String: JSONValue]) async throws -> Result<JSONValue, ResponseError> {
        try await client.request(method: "workspace/executeCommand", params: .object([
            "command": .string(command), "arguments": .array([.object(arguments)]),
        ]))
    }

    @Test func dryRunAnswersTheContractShapeAndChangesNothing() async throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = InProcessTestClient()
        _ = try await client.initialize(rootURI: "file://" + root)
        let result = try await execute(client, "sqlheal.repairSchema", ["dryRun": .bool(true)]).get()
        #expect(result["applied"] == .bool(false))
        guard case .array(let steps)? = result["steps"] else {
            Issue.record("no steps in \(result)")
            return
        }
        #expect(steps.map { $0["id"] } == [.string("add-column:users.email"), .string("change-column-type:users.age:INTEGER")])
        #expect(steps.first?["kind"] == .string("add-column"))
        #expect(steps.first?["table"] == .string("users"))
        #expect(steps.first?["column"] == .string("email"))
        #expect(steps.first?["source"] == .string("migrations/001_users.sql:1"))
        #expect(steps.first?["sql"] == .array([.string("ALTER TABLE main.\"users\" ADD COLUMN email TEXT")]))
        // The whole script, as `sqlheal repair --dry-run` prints it: the frame around the steps too.
        guard case .string(let script)? = result["script"] else {
            Issue.record("no script in \(result)")
            return
        }
        for statement in ["PRAGMA main.integrity_check(5);", "PRAGMA main.quick_check(5);", "PRAGMA foreign_keys = OFF;", "BEGIN IMMEDIATE;", "ALTER TABLE main.\"users\" ADD COLUMN email TEXT;", "COMMIT;"] {
            #expect(script.contains(statement), "\(statement) missing from \(script)")
        }
        let database = try SQLiteConnection(path: root + "/app.db", mode: .readOnly)
        #expect(try database.scalar("SELECT count(*) FROM pragma_table_info('users')") == .integer(3))
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func appliesAfterConfirmationThenRollsBack() async throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = InProcessTestClient()
        client.serverRequestResponder.withLock { responder in
            responder = { method, _ in
                method == "window/showMessageRequest" ? .success(.object(["title": .string("Apply")])) : .success(.null)
            }
        }
        _ = try await client.initialize(rootURI: "file://" + root)
        let result = try await execute(client, "sqlheal.repairSchema", [:]).get()
        #expect(result["applied"] == .bool(true))
        guard case .string(let historyID)? = result["historyId"], case .string(let backup)? = result["backup"] else {
            Issue.record("no historyId/backup in \(result)")
            return
        }
        #expect(FileManager.default.fileExists(atPath: backup))
        #expect(client.serverRequests.contains { $0.method == "window/showMessageRequest" })
        #expect(client.serverRequests.contains { $0.method == "window/workDoneProgress/create" }, "progress is reported")
        let shown = try await client.nextNotification("window/showMessage") { params in
            if case .string(let message)? = params?["message"] { return message.contains(backup) && message.contains("rollback") }
            return false
        }
        #expect(shown != nil)
        let database = try SQLiteConnection(path: root + "/app.db", mode: .readOnly)
        #expect(try database.scalar("SELECT typeof(age) FROM users") == .text("integer"))

        let undone = try await execute(client, "sqlheal.rollback", ["historyId": .string(historyID)]).get()
        #expect(undone["restored"] == .bool(true))
        #expect(undone["historyId"] == .string(historyID))
        #expect(try database.scalar("SELECT typeof(age) FROM users") == .text("text"))
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func cancelledConfirmationChangesNothing() async throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = InProcessTestClient()
        client.serverRequestResponder.withLock { responder in
            responder = { method, _ in
                method == "window/showMessageRequest" ? .success(.object(["title": .string("Cancel")])) : .success(.null)
            }
        }
        _ = try await client.initialize(rootURI: "file://" + root)
        let result = try await execute(client, "sqlheal.repairSchema", ["only": .array([.string("add-column:users.email")])]).get()
        #expect(result["applied"] == .bool(false))
        let database = try SQLiteConnection(path: root + "/app.db", mode: .readOnly)
        #expect(try database.scalar("SELECT count(*) FROM pragma_table_info('users')") == .integer(3))
        #expect(!FileManager.default.fileExists(atPath: root + "/.sqlheal/history"))
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func badArgumentsAreInvalidParams() async throws {
        let client = InProcessTestClient()
        _ = try await client.initialize()
        let result = try await execute(client, "sqlheal.repairSchema", ["only": .string("create-table:x")])
        guard case .failure(let error) = result else {
            Issue.record("expected an error, got \(result)")
            return
        }
        #expect(error.code == .invalidParams)
        let rollback = try await client.request(method: "workspace/executeCommand", params: .object([
            "command": .string("sqlheal.rollback"), "arguments": .array([.object(["historyId": .int(3)])]),
        ]))
        if case .failure(let rollbackError) = rollback { #expect(rollbackError.code == .invalidParams) } else { Issue.record("expected an error") }
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func withoutShowMessageRequestSupportTheExplicitCommandIsTheConfirmation() async throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = InProcessTestClient()
        _ = try await client.initialize(capabilities: .object(["textDocument": .object([:])]), rootURI: "file://" + root)
        let result = try await execute(client, "sqlheal.repairSchema", ["only": .array([.string("add-column:users.email")])]).get()
        #expect(result["applied"] == .bool(true))
        #expect(!client.serverRequests.contains { $0.method == "window/showMessageRequest" })
        let database = try SQLiteConnection(path: root + "/app.db", mode: .readOnly)
        #expect(try database.scalar("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'email'") == .integer(1))
        let refused = try await execute(client, "sqlheal.rollback", ["historyId": .string("no-such-entry")]).get()
        #expect(refused["restored"] == .bool(false))
        #expect(try await client.shutdownAndExit() == 0)
    }
}
