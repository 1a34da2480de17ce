import Foundation
import SQLHealLSP
import SQLHealSQLite
import Testing

/// The schema is read when the server starts; a database that a writer keeps locked then must
/// neither hold up `initialize` nor leave the server without a schema once the lock is gone.
@Suite struct SchemaLoadingTests {
    @Test func aDatabaseLockedAtStartIsReadOnceTheWriterLetsGo() async throws {
        let root = NSTemporaryDirectory() + "sqlheal-locked-start-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Data(#"{ "database": "app.db" }"#.utf8).write(to: URL(fileURLWithPath: root + "/sqlheal.json"))
        let writer = try SQLiteConnection(path: root + "/app.db", mode: .readWriteCreate)
        try writer.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT)")
        // A rollback-journal writer in an exclusive transaction keeps every reader out.
        try writer.execute("PRAGMA journal_mode = DELETE; BEGIN EXCLUSIVE; INSERT INTO users VALUES (1, 'a@example.com')")

        let client = InProcessTestClient()
        // Answered while the lock is still held: the schema is read on in the background. (Before,
        // initialize waited out the reader's whole retry budget, gave up, and never read it again.)
        _ = try await client.initialize(rootURI: "file://" + root)
        // Held through a whole read attempt: nothing on disk changes when the writer lets go, so
        // only the server's own retry can see it.
        let gaveUpOnce = try await client.nextNotification("window/logMessage") { params in
            params?["message"]?.stringValue?.contains("locked by a writer") ?? false
        }
        #expect(gaveUpOnce != nil)
        try writer.execute("COMMIT")

        let uri = "file://" + root + "/src/users.js"
        client.open(uri: uri, text: "db.all(`SELECT emial FROM users`);\n")
        // The first publish may come from before the schema arrived; the missing column shows
        // once it has, without an edit or a restart.
        var codes: [String] = []
        for _ in 0..<10 where !codes.contains("missing-column") {
            let published = try await client.waitForDiagnostics(uri: uri)
            codes = published.diagnostics.compactMap { diagnostic in
                if case .string(let code)? = diagnostic.code { return code }
                return nil
            }
        }
        #expect(codes == ["missing-column"])
        #expect(try await client.shutdownAndExit() == 0)
    }
}
