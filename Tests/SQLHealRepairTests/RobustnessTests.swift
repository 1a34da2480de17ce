import Foundation
import SQLHealAnalysis
@testable import SQLHealRepair
import SQLHealSQLite
import Testing

/// Bad files, locks, loops, requests for steps that do not exist: a clear error, the database untouched.
@Suite struct RobustnessTests {
    static let declared = "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, extra TEXT);"

    private func project(_ setup: String = "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO t VALUES (1, '1'), (2, '2');") throws -> TemporaryDirectory {
        let folder = TemporaryDirectory("robust")
        try makeDatabase(at: folder.file("app.db"), setup)
        return folder
    }

    private func request(_ folder: TemporaryDirectory, only: [String] = []) throws -> RepairRequest {
        RepairRequest(databasePath: folder.file("app.db"), declaredSchema: try SchemaSnapshot(replayingDDL: Self.declared), only: only,
                      previousRepair: try HistoryJournal(projectRoot: folder.path).latestRepair(ofDatabaseAt: folder.file("app.db")))
    }

    private func fileBytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func missingDatabase() throws {
        let folder = TemporaryDirectory("robust")
        defer { folder.remove() }
        #expect(throws: RepairError.databaseMissing(path: folder.file("app.db"))) {
            try RepairPlanner.plan(RepairRequest(databasePath: folder.file("app.db")))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("app.db")), "no empty database created")
    }

    @Test func notADatabase() throws {
        let folder = TemporaryDirectory("robust")
        defer { folder.remove() }
        try folder.write("app.db", String(repeating: "this is not a database ", count: 200))
        let before = fileBytes(folder.file("app.db"))
        #expect {
            try RepairPlanner.plan(RepairRequest(databasePath: folder.file("app.db")))
        } throws: { error in
            if case RepairError.databaseCorrupt = error { return true }
            return false
        }
        #expect(fileBytes(folder.file("app.db")) == before)
    }

    @Test func damagedDatabaseIsRefusedBeforeAnyWrite() throws {
        let folder = try project("""
            CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT);
            CREATE INDEX t_n ON t(n);
            WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000) INSERT INTO t SELECT i, 'value ' || i FROM s;
            """)
        defer { folder.remove() }
        let plan = try RepairPlanner.plan(try request(folder))
        // Scribble over the middle of the file: b-tree pages, not the header or the schema page.
        let path = folder.file("app.db")
        var bytes = [UInt8](fileBytes(path) ?? Data())
        let pageSize = 4096
        #expect(bytes.count > pageSize * 8)
        for offset in (pageSize * 4)..<(pageSize * 4 + 600) { bytes[offset] = 0xA5 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let damaged = fileBytes(path)
        #expect {
            try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        } throws: { error in
            if case RepairError.databaseCorrupt = error { return true }
            return false
        }
        #expect(fileBytes(path) == damaged, "untouched")
        #expect(try HistoryJournal(projectRoot: folder.path).entries().isEmpty, "nothing journaled: nothing was attempted")
    }

    @Test func lockedDatabaseWaitsThenSaysSo() throws {
        let folder = try project()
        defer { folder.remove() }
        let plan = try RepairPlanner.plan(try request(folder))
        let other = try SQLiteConnection(path: folder.file("app.db"), mode: .readWrite)
        try other.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (3, '3');")
        let started = ContinuousClock.now
        #expect {
            try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path), busyTimeout: .milliseconds(400)))
        } throws: { error in
            if case RepairError.databaseLocked = error { return true }
            return false
        }
        #expect(ContinuousClock.now - started >= .milliseconds(350), "it waited for the lock")
        try other.execute("COMMIT")
        let database = try SQLiteConnection(path: folder.file("app.db"), mode: .readOnly)
        #expect(try database.scalar("SELECT type FROM pragma_table_info('t') WHERE name = 'n'") == .text("TEXT"))
        #expect(try database.scalar("SELECT count(*) FROM t") == .integer(3))
        #expect(try database.scalar("PRAGMA foreign_keys") == .integer(0))
    }

    @Test func schemaChangedBetweenPlanningAndApplying() throws {
        let folder = try project()
        defer { folder.remove() }
        let plan = try RepairPlanner.plan(try request(folder))
        try SQLiteConnection(path: folder.file("app.db"), mode: .readWrite).execute("CREATE TABLE sneaky(x)")
        #expect(throws: RepairError.schemaChangedSincePlanning(expected: plan.schemaVersion, found: plan.schemaVersion + 1)) {
            try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        }
        let entry = try HistoryJournal(projectRoot: folder.path).entries().first
        #expect(entry == nil, "refused before the backup, so nothing journaled")
    }

    @Test func dataChangedBetweenPlanningAndApplyingIsCheckedAgainUnderTheLock() throws {
        let folder = try project()
        defer { folder.remove() }
        let plan = try RepairPlanner.plan(try request(folder, only: ["change-column-type:t.n:INTEGER"]))
        #expect(plan.steps.map(\.id) == ["change-column-type:t.n:INTEGER"])
        try SQLiteConnection(path: folder.file("app.db"), mode: .readWrite).execute("INSERT INTO t VALUES (3, '3.5')")
        #expect {
            try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        } throws: { error in
            if case RepairError.verificationFailed = error { return true }
            return false
        }
        let database = try SQLiteConnection(path: folder.file("app.db"), mode: .readOnly)
        #expect(try database.scalar("SELECT n FROM t WHERE id = 3") == .text("3.5"))
        let journal = HistoryJournal(projectRoot: folder.path)
        let entry = try journal.entries().first
        #expect(entry?.result.status == .failed)
        #expect(entry.map { FileManager.default.fileExists(atPath: $0.database?.backupPath ?? "") } == false, "the useless backup is removed")
        #expect(throws: RepairError.nothingToRollBack) { try Rollback(journal: journal).run(historyID: nil) }
    }

    @Test func unknownStepIDsAreReported() throws {
        let folder = try project()
        defer { folder.remove() }
        #expect(throws: RepairError.unknownStepIDs(["add-column:nope.x", "drop-table:t", "change-column-type:t.n:INTEGER; DROP TABLE t"])) {
            try RepairPlanner.plan(try request(folder, only: ["add-column:nope.x", "drop-table:t", "change-column-type:t.n:INTEGER; DROP TABLE t"]))
        }
    }

    @Test func safeStepsRunWhileALossyOneIsSkipped() throws {
        let folder = try project("CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO t VALUES (1, '1'), (2, 'two');")
        defer { folder.remove() }
        let plan = try RepairPlanner.plan(try request(folder))
        #expect(plan.steps.map(\.id) == ["add-column:t.extra"])
        #expect(plan.steps.first?.cannotLoseData == true)
        #expect(plan.skippedSteps.map(\.id) == ["change-column-type:t.n:INTEGER"])
        let report = plan.skippedSteps.first?.lossReport
        #expect(report?.changedRowCount == 1)
        #expect(report?.samples == [.init(rowKey: "rowid 2", value: "'two'", converted: "0")])
        let outcome = try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        #expect(outcome.appliedStepIDs == ["add-column:t.extra"])
        #expect(try HistoryJournal(projectRoot: folder.path).entries().first?.result.status == .partial)
    }

    @Test func theSameRepairIsNeverAppliedTwiceInARow() throws {
        let folder = try project()
        defer { folder.remove() }
        let journal = HistoryJournal(projectRoot: folder.path)
        let first = try RepairPlanner.plan(try request(folder, only: ["add-column:t.extra"]))
        _ = try RepairExecutor.apply(first, options: .init(journal: journal))
        // Something (an old deploy script, say) undoes it.
        try SQLiteConnection(path: folder.file("app.db"), mode: .readWrite).execute("ALTER TABLE t DROP COLUMN extra")
        let again = try RepairPlanner.plan(try request(folder, only: ["add-column:t.extra"]))
        #expect(again.steps.isEmpty)
        #expect(again.skippedSteps.first?.reason.contains("twice in a row") == true)
    }

    @Test func rollbackAfterARealRepairRestoresEverything() throws {
        let folder = try project()
        defer { folder.remove() }
        let path = folder.file("app.db")
        let before = try DatabaseFingerprint.compute(SQLiteConnection(path: path, mode: .readOnly))
        let journal = HistoryJournal(projectRoot: folder.path)
        let outcome = try RepairExecutor.apply(try RepairPlanner.plan(try request(folder, only: ["change-column-type:t.n:INTEGER", "add-column:t.extra"])),
                                               options: .init(journal: journal))
        #expect(outcome.appliedStepIDs == ["add-column:t.extra", "change-column-type:t.n:INTEGER"])
        let entry = try journal.entry(id: outcome.historyID ?? "")
        #expect(entry?.result.status == .succeeded)
        #expect(entry?.database?.fingerprintAfter != nil)
        let undone = try Rollback(journal: journal).run(historyID: nil)
        #expect(undone.restored)
        let restored = try DatabaseFingerprint.compute(SQLiteConnection(path: path, mode: .readOnly))
        #expect(restored.contentHash == before.contentHash)
        #expect(restored.totalRowCount == before.totalRowCount)
    }

    @Test func dryRunChangesNothing() throws {
        let folder = try project()
        defer { folder.remove() }
        let before = fileBytes(folder.file("app.db"))
        let plan = try RepairPlanner.plan(try request(folder))
        #expect(plan.dryRunText().contains("PRAGMA foreign_keys = OFF;"))
        #expect(fileBytes(folder.file("app.db")) == before)
        #expect(!FileManager.default.fileExists(atPath: folder.file(".sqlheal")))
    }
}

@Suite struct ApplySafeTests {
    @Test func onlyStepsThatCannotLoseDataAreKept() throws {
        let folder = TemporaryDirectory("safe")
        defer { folder.remove() }
        try makeDatabase(at: folder.file("app.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO t VALUES (1, '1');")
        let declared = try SchemaSnapshot(replayingDDL: """
            CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, note TEXT, stamp TEXT DEFAULT CURRENT_TIMESTAMP, code TEXT NOT NULL DEFAULT 'x');
            CREATE TABLE u(id INTEGER PRIMARY KEY);
            """)
        let request = RepairRequest(databasePath: folder.file("app.db"), declaredSchema: declared)
        let everything = try RepairPlanner.plan(request)
        #expect(everything.steps.map(\.id) == ["create-table:u", "add-column:t.note", "add-column:t.stamp", "add-column:t.code", "change-column-type:t.n:INTEGER"])
        let safe = try RepairPlanner.planStepsThatCannotLoseData(request)
        #expect(safe.steps.map(\.id) == ["create-table:u", "add-column:t.note"])
        let journal = HistoryJournal(projectRoot: folder.path)
        _ = try RepairExecutor.apply(safe, options: .init(journal: journal))
        // Dropped again behind our back: not re-applied unattended right after.
        try SQLiteConnection(path: folder.file("app.db"), mode: .readWrite).execute("DROP TABLE u")
        var again = request
        again.previousRepair = try journal.latestRepair(ofDatabaseAt: folder.file("app.db"))
        #expect(try RepairPlanner.planStepsThatCannotLoseData(again).steps.isEmpty)
    }
}

@Suite struct InferredStepTests {
    @Test func misspelledColumnsAreNotAddedUnlessRequested() throws {
        let folder = TemporaryDirectory("typo")
        defer { folder.remove() }
        try makeDatabase(at: folder.file("app.db"), "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, email TEXT);")
        let usage = [TableUsage(name: "users", useCount: 3, columns: [
            ColumnUsage(name: "emial", useCount: 1), ColumnUsage(name: "nmae", useCount: 1), ColumnUsage(name: "signup_date", useCount: 1),
        ])]
        let plan = try RepairPlanner.plan(RepairRequest(databasePath: folder.file("app.db"), codeUsage: usage))
        #expect(plan.steps.map(\.id) == ["add-column:users.signup_date"])
        #expect(plan.steps.first?.source == "inferred from 1 use")
        #expect(plan.skippedSteps.map(\.id) == ["add-column:users.emial", "add-column:users.nmae"])
        let requested = try RepairPlanner.plan(RepairRequest(databasePath: folder.file("app.db"), codeUsage: usage, only: ["add-column:users.emial"]))
        #expect(requested.steps.map(\.id) == ["add-column:users.emial"])
    }

    @Test(arguments: [("emial", "email", true), ("nmae", "name", true), ("names", "name", true), ("id", "ip", false),
                      ("signup_date", "name", false), ("email", "email", false), ("user_id", "user_ip", true)])
    func misspellingDistance(name: String, existing: String, expected: Bool) {
        #expect(PlanBuilder.isLikelyMisspelling(name, of: existing) == expected)
    }
}

@Suite struct ArchiveTests {
    @Test func archivingRenamesTheTableAndKeepsEveryRowOnlyWhenRequested() throws {
        let folder = TemporaryDirectory("archive")
        defer { folder.remove() }
        try makeDatabase(at: folder.file("app.db"), """
            CREATE TABLE legacy(id INTEGER PRIMARY KEY, v TEXT);
            CREATE TABLE _archived_legacy(x);
            INSERT INTO legacy VALUES (1, 'a'), (2, 'b');
            """)
        let path = folder.file("app.db")
        #expect(try RepairPlanner.plan(RepairRequest(databasePath: path)).steps.isEmpty, "never in the default plan")
        let plan = try RepairPlanner.plan(RepairRequest(databasePath: path, only: ["archive-table:legacy"]))
        #expect(plan.steps.map(\.sql) == [["ALTER TABLE main.\"legacy\" RENAME TO \"_archived_legacy_2\""]])
        _ = try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        let database = try SQLiteConnection(path: path, mode: .readOnly)
        #expect(try database.rows("SELECT v FROM _archived_legacy_2 ORDER BY id") == [[.text("a")], [.text("b")]])
        #expect(try database.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'legacy'") == .integer(0))
    }
}
