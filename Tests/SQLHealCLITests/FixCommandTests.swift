import Foundation
import SQLHealRepair
import Testing

/// `sqlheal fix` on a real project on disk, through the built binary (`.build/debug/sqlheal`,
/// or `$SQLHEAL_BINARY`): fixes and backs up, `--dry-run` prints the patch, a file whose fix a
/// syntax check rejects is restored, a file that does not parse is left alone, and
/// `sqlheal rollback` undoes a run.
@Suite("sqlheal fix")
struct FixCommandTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let binaryPath = ProcessInfo.processInfo.environment["SQLHEAL_BINARY"] ?? repositoryRoot + "/.build/debug/sqlheal"

    static let seed = """
        import { db } from './db.js';

        export function sessionsForUser(userId) {
          return db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);
        }

        export function sessionById(sessionId) {
          return db.get('SELECT id, user_id FROM sessions WHERE id = ' + sessionId);
        }

        """
    static let seedFixed = """
        import { db } from './db.js';

        export function sessionsForUser(userId) {
          return db.all(`SELECT * FROM sessions WHERE user_id = ?`, [userId]);
        }

        export function sessionById(sessionId) {
          return db.get('SELECT id, user_id FROM sessions WHERE id = ?', [sessionId]);
        }

        """

    /// A project with a migration, `src/sessions.js` (the seed), and whatever else `files` adds.
    static func makeProject(files: [String: String] = [:]) throws -> String {
        let root = NSTemporaryDirectory() + "sqlheal-fix-\(UUID().uuidString)"
        var all = [
            "sqlheal.json": #"{ "migrations": "migrations" }"#,
            "package.json": #"{ "type": "module" }"#,
            "migrations/1_init.sql": "CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id TEXT, token TEXT);\n",
            "src/db.js": "export const db = {};\n",
            "src/sessions.js": seed,
        ]
        all.merge(files) { $1 }
        for (path, text) in all {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static func run(_ arguments: [String], pathPrefix: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaryPath)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let pathPrefix { environment["PATH"] = pathPrefix + ":" + (environment["PATH"] ?? "/usr/bin:/bin") }
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), errors: String(decoding: errorData, as: UTF8.self))
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func historyEntries(_ root: String) throws -> [[String: Any]] {
        let folder = root + "/.sqlheal/history"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.sorted().map { name in
            let data = try #require(FileManager.default.contents(atPath: folder + "/" + name))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    @Test func fixesBacksUpRecordsHistoryAndRollsBack() throws {
        let root = try Self.makeProject()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fix = try Self.run(["fix", "--root", root])
        #expect(fix.status == 0, "\(fix.output)\(fix.errors)")
        #expect(Self.read(root + "/src/sessions.js") == Self.seedFixed)
        #expect(fix.output.contains("src/sessions.js: 2 fixes applied"), "\(fix.output)")
        #expect(fix.output.contains("Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT"))
        #expect(fix.output.contains("Fixed 2 issues in 1 file."))

        let entries = try Self.historyEntries(root)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry["kind"] as? String == "code-fix")
        let id = try #require(entry["id"] as? String)
        #expect(fix.output.contains("sqlheal rollback \(id)"))
        #expect((entry["result"] as? [String: Any])?["status"] as? String == "succeeded")
        let files = try #require(entry["files"] as? [[String: Any]])
        #expect(files.count == 1)
        let backup = try #require(files.first?["backupPath"] as? String)
        #expect(backup.hasPrefix(root + "/.sqlheal/backups/") || backup.contains("/.sqlheal/backups/"))
        #expect(Self.read(backup) == Self.seed)

        // A second run finds nothing left to fix and records nothing.
        let again = try Self.run(["fix", "--root", root])
        #expect(again.status == 0)
        #expect(again.output.contains("Nothing to fix."))
        #expect(try Self.historyEntries(root).count == 1)

        // The run is in the history, and the latest entry: `sqlheal rollback` restores the file.
        let history = try Self.run(["history", "--root", root])
        #expect(history.status == 0 && history.output.contains(id), "\(history.output)\(history.errors)")
        let rollback = try Self.run(["rollback", "--root", root])
        #expect(rollback.status == 0, "\(rollback.output)\(rollback.errors)")
        #expect(rollback.output.contains(id))
        #expect(Self.read(root + "/src/sessions.js") == Self.seed)
        let rolledBack = try #require(try HistoryJournal(projectRoot: root).entry(id: id))
        #expect(rolledBack.rolledBack)
    }

    @Test func dryRunPrintsTheUnifiedDiffAndWritesNothing() throws {
        let root = try Self.makeProject()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Self.run(["fix", "--root", root, "--dry-run"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output == """
            --- a/src/sessions.js
            +++ b/src/sessions.js
            @@ -1,9 +1,9 @@
             import { db } from './db.js';
             
             export function sessionsForUser(userId) {
            -  return db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);
            +  return db.all(`SELECT * FROM sessions WHERE user_id = ?`, [userId]);
             }
             
             export function sessionById(sessionId) {
            -  return db.get('SELECT id, user_id FROM sessions WHERE id = ' + sessionId);
            +  return db.get('SELECT id, user_id FROM sessions WHERE id = ?', [sessionId]);
             }

            """)
        #expect(run.errors.contains("would be applied; nothing was written"))
        #expect(Self.read(root + "/src/sessions.js") == Self.seed)
        #expect(!FileManager.default.fileExists(atPath: root + "/.sqlheal"))

        // The diff is a correct patch: GNU patch turns the file into the fixed one.
        let patchPath = root + "/fix.patch"
        try run.output.write(toFile: patchPath, atomically: true, encoding: .utf8)
        let patch = Process()
        patch.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
        patch.arguments = ["-p1", "-d", root, "-i", patchPath, "--quiet"]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/patch") {
            try patch.run()
            patch.waitUntilExit()
            #expect(patch.terminationStatus == 0)
            #expect(Self.read(root + "/src/sessions.js") == Self.seedFixed)
        }
    }

    @Test func aFixTheSyntaxCheckRejectsIsRolledBack() throws {
        // A `node` that accepts every file but rejects one containing `[userId]`.
        let root = try Self.makeProject(files: ["src/other.js": "export const users = (db, id) => db.all(`SELECT * FROM sessions WHERE id = ${id}`);\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fakeBin = root + "/fake-bin"
        try FileManager.default.createDirectory(atPath: fakeBin, withIntermediateDirectories: true)
        try """
            #!/bin/sh
            # Fake node for the test: --check FILE fails when FILE contains [userId].
            if grep -qF '[userId]' "$2"; then echo "$2:4 SyntaxError: forced failure" >&2; exit 1; fi
            exit 0

            """.write(toFile: fakeBin + "/node", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeBin + "/node")

        let run = try Self.run(["fix", "--root", root, root + "/src"], pathPrefix: fakeBin)
        #expect(run.status == 1, "\(run.output)\(run.errors)")
        #expect(run.output.contains("src/sessions.js: 2 fixes rolled back: node --check rejects the fixed file"), "\(run.output)")
        #expect(run.output.contains("forced failure"))
        #expect(Self.read(root + "/src/sessions.js") == Self.seed)
        // The other file was fixed and kept.
        #expect(Self.read(root + "/src/other.js") == "export const users = (db, id) => db.all(`SELECT * FROM sessions WHERE id = ?`, [id]);\n")
        let entry = try #require(try Self.historyEntries(root).first)
        #expect((entry["result"] as? [String: Any])?["status"] as? String == "partial")
        let files = try #require(entry["files"] as? [[String: Any]])
        #expect(files.compactMap { $0["originalPath"] as? String }.map { ($0 as NSString).lastPathComponent } == ["other.js"])
    }

    @Test func aFileThatDoesNotParseIsNotTouched() throws {
        let broken = "export function f(id) {\n  return db.all(`SELECT * FROM sessions WHERE id = ${id}`);\n  if (x) {\n"
        let root = try Self.makeProject(files: ["src/broken.js": broken])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Self.run(["fix", "--root", root, root + "/src/broken.js"])
        #expect(run.status == 1)
        #expect(Self.read(root + "/src/broken.js") == broken)
        #expect(run.output.contains("src/broken.js: not touched: it does not scan cleanly"), "\(run.output)")
        #expect(Self.read(root + "/src/sessions.js") == Self.seed)  // not asked for
    }

    @Test func manyValuesForOneCallAreAddedInOrderWithoutLooping() throws {
        let source = "export const q = (db, a, b, c, d) => db.all(`SELECT * FROM sessions WHERE id = ${a} OR id = ${b} OR token = ? OR id = ${c} OR user_id = ${d}`, [t]);\n"
        let root = try Self.makeProject(files: ["src/many.js": source])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Self.run(["fix", "--root", root, root + "/src/many.js"])
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        #expect(Self.read(root + "/src/many.js")
            == "export const q = (db, a, b, c, d) => db.all(`SELECT * FROM sessions WHERE id = ? OR id = ? OR token = ? OR id = ? OR user_id = ?`, [a, b, t, c, d]);\n")
    }
}
