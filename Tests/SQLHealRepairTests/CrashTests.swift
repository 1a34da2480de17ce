import Foundation
import SQLHealRepair
import SQLHealSQLite
import Testing

/// Kills `sqlheal repair --yes` with SIGKILL at random moments while it rebuilds a sizable table,
/// many times, and checks that the database is always either exactly as before or exactly as a
/// completed repair leaves it (same schema_version, same schema, same rows), and sound.
@Suite(.serialized) struct CrashTests {
    static let rowCount = 60_000

    /// The built `sqlheal` executable (`swift build --build-tests` builds it beside the tests).
    static var executablePath: String? {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [".build/debug/sqlheal", ".build/x86_64-unknown-linux-gnu/debug/sqlheal", ".build/aarch64-unknown-linux-gnu/debug/sqlheal"]
            .map { packageRoot.appendingPathComponent($0).path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A project whose migrations want `events.user_id` INTEGER and two more columns, one needing
    /// a rebuild; the database has user_id TEXT, 60k rows, an index, a trigger, a view and an
    /// inbound ON DELETE CASCADE foreign key.
    static func makeProject(at folder: TemporaryDirectory, journalMode: String) throws {
        try folder.write("sqlheal.json", #"{ "database": "app.db", "migrations": "migrations" }"#)
        try folder.write("migrations/001_init.sql", """
            CREATE TABLE events(id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT NOT NULL DEFAULT 'view', payload TEXT,
                                seen INTEGER, created_at TEXT DEFAULT ('2026-01-01'), code TEXT UNIQUE);
            CREATE TABLE event_notes(id INTEGER PRIMARY KEY, event_id INTEGER REFERENCES events(id) ON DELETE CASCADE, note TEXT);
            """)
        let database = try SQLiteConnection(path: folder.file("app.db"), mode: .readWriteCreate)
        try database.execute("""
            PRAGMA journal_mode = \(journalMode);
            CREATE TABLE events(id INTEGER PRIMARY KEY, user_id TEXT, kind TEXT NOT NULL DEFAULT 'view', payload TEXT);
            CREATE TABLE event_notes(id INTEGER PRIMARY KEY, event_id INTEGER REFERENCES events(id) ON DELETE CASCADE, note TEXT);
            CREATE INDEX events_user ON events(user_id);
            CREATE VIEW clicks AS SELECT id, user_id FROM events WHERE kind = 'click';
            CREATE TRIGGER events_note AFTER DELETE ON events BEGIN INSERT INTO event_notes(event_id, note) VALUES (old.id, 'deleted'); END;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(rowCount))
            INSERT INTO events (id, user_id, kind, payload) SELECT i, CAST(i % 977 AS TEXT), CASE i % 2 WHEN 0 THEN 'view' ELSE 'click' END, 'p' || i FROM n;
            INSERT INTO event_notes (event_id, note) SELECT id, 'n' FROM events WHERE id % 10 = 0;
            """)
    }

    static func fingerprint(_ path: String) throws -> DatabaseFingerprint {
        // Opening read-write lets SQLite roll back a hot journal left by the killed process.
        let connection = try SQLiteConnection(path: path, mode: .readWrite)
        return try DatabaseFingerprint.compute(connection)
    }

    static func runRepair(root: String, executable: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["repair", "--yes", "--root", root]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test(arguments: ["delete", "wal"])
    func killedRepairLeavesTheDatabaseBeforeOrAfter(journalMode: String) throws {
        guard let executable = Self.executablePath else {
            Issue.record("the sqlheal executable is not built (run swift build --build-tests)")
            return
        }
        let template = TemporaryDirectory("crash-template")
        defer { template.remove() }
        try Self.makeProject(at: template, journalMode: journalMode)
        let before = try Self.fingerprint(template.file("app.db"))

        // A reference run to completion gives the "after" state and the time a repair takes.
        let reference = TemporaryDirectory("crash-reference")
        defer { reference.remove() }
        try FileManager.default.removeItem(atPath: reference.path)
        try FileManager.default.copyItem(atPath: template.path, toPath: reference.path)
        let started = Date()
        let completed = try Self.runRepair(root: reference.path, executable: executable)
        completed.waitUntilExit()
        let duration = Date().timeIntervalSince(started)
        #expect(completed.terminationStatus == 0, "the reference repair succeeds")
        let after = try Self.fingerprint(reference.file("app.db"))
        #expect(after != before, "the repair changes the database")

        var outcomes: [String: Int] = ["before": 0, "after": 0]
        var generator = SystemRandomNumberGenerator()
        let kills = 12
        for attempt in 0..<kills {
            let run = TemporaryDirectory("crash-run")
            defer { run.remove() }
            try FileManager.default.removeItem(atPath: run.path)
            try FileManager.default.copyItem(atPath: template.path, toPath: run.path)
            let process = try Self.runRepair(root: run.path, executable: executable)
            // Spread the kills over the run, mostly past startup (the transaction is the interesting part).
            let delay = Double.random(in: (duration * 0.25)...(duration * 1.05), using: &generator)
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let state = try Self.fingerprint(run.file("app.db"))
            let database = try SQLiteConnection(path: run.file("app.db"), mode: .readOnly)
            #expect(try database.rows("PRAGMA integrity_check") == [[.text("ok")]], "attempt \(attempt) after \(delay)s")
            // A journaled entry still pending means the kill landed between the backup and the
            // journal's final update: inside the transaction, or right after COMMIT.
            if try HistoryJournal(projectRoot: run.path).entries().first?.result.status == .pending {
                outcomes["killed after the backup, before the journal's final update", default: 0] += 1
            }
            // An interrupted repair that never committed is recognised as such by rollback.
            if state == before, try HistoryJournal(projectRoot: run.path).entries().first?.result.status == .pending {
                let outcome = try Rollback(journal: HistoryJournal(projectRoot: run.path)).run(historyID: nil)
                #expect(!outcome.restored && outcome.message.contains("interrupted"))
                #expect(try Self.fingerprint(run.file("app.db")) == before)
            }
            if state == before {
                outcomes["before", default: 0] += 1
            } else if state == after {
                outcomes["after", default: 0] += 1
            } else {
                Issue.record("attempt \(attempt): killed after \(delay)s, the database is neither as before nor as after (\(state) vs \(before) / \(after))")
            }
        }
        // The kills land on both sides of the commit often enough for the test to mean something.
        print("crash test (\(journalMode)): repair takes \(String(format: "%.2f", duration))s; outcomes \(outcomes)")
    }

    /// The command line's dry run prints exactly the statements that `sqlheal repair --yes` then
    /// runs (the journal records the executed plan), in order.
    @Test func commandLineDryRunEqualsTheAppliedStatements() throws {
        guard let executable = Self.executablePath else {
            Issue.record("the sqlheal executable is not built (run swift build --build-tests)")
            return
        }
        let project = TemporaryDirectory("cli-dry-run")
        defer { project.remove() }
        try Self.makeProject(at: project, journalMode: "delete")
        let dryRun = try Self.runToCompletion(executable, ["repair", "--dry-run", "--root", project.path])
        #expect(dryRun.status == 0)
        let applied = try Self.runToCompletion(executable, ["repair", "--yes", "--root", project.path])
        #expect(applied.status == 0, "\(applied.output)")
        let entry = try HistoryJournal(projectRoot: project.path).entries().first
        let statements = entry?.statements ?? []
        #expect(statements.count > 20)
        #expect(entry?.result.status == .succeeded)
        var searchFrom = dryRun.output.startIndex
        for statement in statements {
            guard let found = dryRun.output.range(of: statement + ";", range: searchFrom..<dryRun.output.endIndex) else {
                Issue.record("the dry run lacks `\(statement)`")
                break
            }
            searchFrom = found.upperBound
        }
        let printedStatements = dryRun.output.split(separator: "\n").filter { !$0.hasPrefix("--") && !$0.isEmpty && !$0.hasPrefix(" ") }
        #expect(printedStatements.count == statements.count, "no statement printed that does not run")
    }

    static func runToCompletion(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
