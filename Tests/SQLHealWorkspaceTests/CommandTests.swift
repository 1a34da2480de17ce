import Foundation
import SQLHealSQLite
import Testing
@testable import SQLHealWorkspace

/// The `check` and `watch` commands, run as the real binary (`.build/debug/sqlheal`, or
/// `$SQLHEAL_BINARY`; `swift build --build-tests` builds it).
@Suite("Commands", .serialized)
struct CommandTests {
    static var binary: String {
        ProcessInfo.processInfo.environment["SQLHEAL_BINARY"] ?? SchemaValidator.repositoryRoot + "/.build/debug/sqlheal"
    }

    static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs the binary; with `stopAfter`, sends SIGTERM after that many seconds (for `watch`),
    /// running `during` meanwhile.
    static func run(_ arguments: [String], in directory: String? = nil, stopAfter: TimeInterval? = nil, during: (() throws -> Void)? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = Locked(Data())
        let errorData = Locked(Data())
        let readers = DispatchGroup()
        for (pipe, sink) in [(output, outputData), (errors, errorData)] {
            readers.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                sink.set(data)
                readers.leave()
            }
        }
        if let stopAfter {
            try during?()
            Thread.sleep(forTimeInterval: stopAfter)
            process.terminate()
        }
        process.waitUntilExit()
        readers.wait()
        return Run(status: process.terminationStatus, output: String(decoding: outputData.get(), as: UTF8.self), errors: String(decoding: errorData.get(), as: UTF8.self))
    }

    @Test(.enabled(if: binaryExists, "needs the sqlheal binary (swift build)"))
    func checkExitCodes() throws {
        let clean = try TemporaryProject([
            "migrations/1.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);",
            "src/a.js": "export const f = (db) => db.all('SELECT email FROM users');\n",
        ])
        let ok = try Self.run(["check", "--root", clean.root])
        #expect(ok.status == 0, "\(ok.output)\(ok.errors)")
        #expect(ok.output == "0 errors, 0 warnings, 0 notes in 1 file (1 query)\n")

        try clean.write("src/b.js", "export const g = (db) => db.all('SELECT emial FROM users');\n")
        let failing = try Self.run(["check", "--root", clean.root, "--format", "json"])
        #expect(failing.status == 1)
        let findings = try JSONSerialization.jsonObject(with: Data(failing.output.utf8)) as? [[String: Any]]
        #expect(findings?.count == 1)
        #expect(findings?.first?["file"] as? String == "src/b.js")
        #expect(findings?.first?["column"] as? Int == 41)
        #expect(failing.errors.contains("1 error, 0 warnings"), "the summary goes to stderr in json mode")

        // Only the file asked for.
        let limited = try Self.run(["check", "src/a.js"], in: clean.root)
        #expect(limited.status == 0, "\(limited.output)")

        try clean.write("sqlheal.json", "{ \"include\": 3 }")
        let broken = try Self.run(["check", "--root", clean.root])
        #expect(broken.status == 2)
        #expect(broken.output.contains("sqlheal.json:1:14: error: \"include\" must be an array of strings, found a number [config-error]"))

        let usage = try Self.run(["check", "--format", "yaml"])
        #expect(usage.status == 2)
    }

    @Test(.enabled(if: binaryExists, "needs the sqlheal binary (swift build)"))
    func demoProjectGivesTheDocumentedExitCodeAndValidSARIF() throws {
        let demo = SchemaValidator.repositoryRoot + "/demo"
        try #require(FileManager.default.fileExists(atPath: demo + "/sqlheal.json"))
        let text = try Self.run(["check", "--root", demo])
        #expect(text.status == 1, "the demo has error findings")
        #expect(text.output.contains("migrations/10_orders.sql:4:14: warning: table orders is declared here but not applied to data/app.db [schema-drift]"))

        let sarif = try Self.run(["check", "--root", demo, "--format", "sarif"])
        #expect(sarif.status == 1)
        if SchemaValidator.isAvailable {
            let project = try TemporaryProject(["demo.sarif": sarif.output])
            #expect(try SchemaValidator.validate(project.path("demo.sarif")) == "valid")
        }
    }

    @Test(.enabled(if: binaryExists, "needs the sqlheal binary (swift build)"))
    func watchAppliesASafeRepairOnceAndOnlyOnce() throws {
        let project = try TemporaryProject([
            "sqlheal.json": #"{ "database": "app.db" }"#,
            "migrations/1_init.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n",
            "migrations/2_orders.sql": "CREATE TABLE orders (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER REFERENCES users(id),\n  total REAL\n);\n",
            "src/orders.js": "export const all = (db) => db.all('SELECT id, total FROM orders');\nexport const one = (db, id) => db.get('SELECT email FROM users WHERE id = ?', [id]);\n",
        ])
        do {
            let database = try SQLiteConnection(path: project.path("app.db"), mode: .readWriteCreate)
            try database.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users (email) VALUES ('a@b.c');")
        }
        let run = try Self.run(["watch", "--apply-safe", "--interval", "1", "--root", project.root], stopAfter: 3.5) {
            // Something undoes the repair while the watch runs: it must not fight back.
            Thread.sleep(forTimeInterval: 1.5)
            let database = try SQLiteConnection(path: project.path("app.db"), mode: .readWrite)
            try database.execute("DROP TABLE IF EXISTS orders")
        }
        #expect(run.status == 0, "stops cleanly on SIGTERM: \(run.errors)")
        let applied = run.output.components(separatedBy: "\n").filter { $0.contains("applied create-table:orders") }
        #expect(applied.count == 1, "\(run.output)")
        #expect(run.output.contains("not applying create-table:orders again"), "\(run.output)")
        #expect(run.output.contains("stopped (SIGTERM)"))
        let history = try FileManager.default.contentsOfDirectory(atPath: project.path(".sqlheal/history"))
        #expect(history.filter { $0.contains("repair") }.count == 1, "\(history)")
        let check = try SQLiteConnection(path: project.path("app.db"), mode: .readOnly)
        #expect(try check.scalar("SELECT count(*) FROM users")?.integerValue == 1, "no data lost")
    }
}

/// A value shared with a reader thread.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}
