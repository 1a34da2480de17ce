import Foundation
import SQLHealAnalysis
@testable import SQLHealRepair
import SQLHealSQLite
import SQLHealWorkspace
import Testing

/// Issue 16 ("Trust"), the repair side, at the library level: a repair never invents values, never
/// turns a typo into a table, never runs on a damaged file or through a crafted history, and says
/// what really stopped it. The command-line side is in `SQLHealCLITests/RepairCommandTests`.
@Suite struct TrustTests {
    // MARK: Ids invented

    /// `INT PRIMARY KEY` and `TEXT PRIMARY KEY` allow NULL ids; as `INTEGER PRIMARY KEY` (a rowid
    /// alias) each NULL would silently become a new number. Refused under every policy, rows named.
    @Test(arguments: ["INT", "TEXT"])
    func nullIdsAreNeverGivenInventedNumbers(oldType: String) throws {
        let folder = TemporaryDirectory("trust-ids")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, "CREATE TABLE t(id \(oldType) PRIMARY KEY, v TEXT); INSERT INTO t VALUES (NULL, 'a'), (NULL, 'b'), (5, 'c');")
        let declared = try SchemaSnapshot(replayingDDL: "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);")
        for policy in ConversionPolicy.allCases {
            let plan = try RepairPlanner.plan(RepairRequest(databasePath: path, declaredSchema: declared, conversionPolicy: policy))
            #expect(plan.steps.isEmpty, "policy \(policy)")
            let skipped = try #require(plan.skippedSteps.first)
            #expect(skipped.id == "change-column-type:t.id:INTEGER")
            #expect(skipped.lossReport?.changedRowCount == 2, "policy \(policy)")
            #expect(skipped.lossReport?.samples.map(\.rowKey) == ["rowid 1", "rowid 2"])
            #expect(skipped.lossReport?.samples.map(\.value) == ["NULL", "NULL"])
            #expect(skipped.reason.contains("NULL"), "\(skipped.reason)")
        }
    }

    /// Ids that are all whole numbers become the rowid exactly, every value verified.
    @Test func wholeNumberIdsBecomeARowidAliasWithEveryValueKept() throws {
        let folder = TemporaryDirectory("trust-ids")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, "CREATE TABLE t(id INT PRIMARY KEY, v TEXT); INSERT INTO t VALUES (7, 'a'), (3, 'b'), ('12', 'c');")
        let declared = try SchemaSnapshot(replayingDDL: "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);")
        let plan = try RepairPlanner.plan(RepairRequest(databasePath: path, declaredSchema: declared))
        #expect(plan.steps.map(\.id) == ["change-column-type:t.id:INTEGER"])
        _ = try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        let database = try SQLiteConnection(path: path, mode: .readOnly)
        #expect(try database.rows("SELECT rowid, id, v FROM t ORDER BY id") == [
            [.integer(3), .integer(3), .text("b")], [.integer(7), .integer(7), .text("a")], [.integer(12), .integer(12), .text("c")],
        ])
    }

    /// The rebuild's verification compares the converted column, value by value, with what the
    /// conversion makes of the old rows: a copy that stored anything else is rolled back.
    @Test func theVerificationComparesConvertedValuesWithTheOldRows() throws {
        let folder = TemporaryDirectory("trust-verify")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO t VALUES (1, '1'), (2, '2');")
        var plan = try RepairPlanner.plan(RepairRequest(databasePath: path, only: ["change-column-type:t.n:INTEGER"]))
        let copy = try #require(plan.script.firstIndex { $0.sql.hasPrefix("INSERT INTO") && $0.sql.contains("CAST(\"n\" AS INTEGER)") })
        // A copy that gets one converted value wrong (as a buggy conversion would).
        plan.script[copy].sql = plan.script[copy].sql.replacingOccurrences(of: "CAST(\"n\" AS INTEGER)", with: "CAST(\"n\" AS INTEGER) + (\"id\" = 2)")
        #expect {
            try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        } throws: { error in
            if case RepairError.verificationFailed = error { return true }
            return false
        }
        let database = try SQLiteConnection(path: path, mode: .readOnly)
        #expect(try database.scalar("SELECT type FROM pragma_table_info('t') WHERE name = 'n'") == .text("TEXT"))
        #expect(try database.rows("SELECT n FROM t ORDER BY id") == [[.text("1")], [.text("2")]])
    }

    // MARK: A misspelt table never becomes a real one

    static let sessionsDatabase = "CREATE TABLE sessions(id INTEGER PRIMARY KEY, user_id TEXT); INSERT INTO sessions VALUES (1, 'u');"
    static let typoAndInferredUsage = [
        TableUsage(name: "sesions", useCount: 1, columns: [ColumnUsage(name: "id", useCount: 1)]),
        TableUsage(name: "audit_events", useCount: 2, columns: [ColumnUsage(name: "at", useCount: 2)]),
        TableUsage(name: "sessions", useCount: 3, columns: [ColumnUsage(name: "device", useCount: 1)]),
    ]

    @Test func aTableNameOneTypoFromAnExistingTableIsHeldBack() throws {
        let folder = TemporaryDirectory("trust-typo")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, Self.sessionsDatabase)
        let plan = try RepairPlanner.plan(RepairRequest(databasePath: path, codeUsage: Self.typoAndInferredUsage))
        #expect(plan.steps.map(\.id) == ["create-table:audit_events", "add-column:sessions.device"])
        #expect(plan.skippedSteps.map(\.id) == ["create-table:sesions"])
        let reason = plan.skippedSteps.first?.reason ?? ""
        #expect(reason.contains("misspelling of sessions"), "\(reason)")
        #expect(plan.skippedSteps.first?.disposition == .heldBack)
        // Named by id, it is what the person asked for.
        let requested = try RepairPlanner.plan(RepairRequest(databasePath: path, codeUsage: Self.typoAndInferredUsage, only: ["create-table:sesions"]))
        #expect(requested.steps.map(\.id) == ["create-table:sesions"])
    }

    /// `watch --apply-safe` heals only what a migration declares; what the code alone suggests,
    /// and anything typo-like, waits for a person (and says so).
    @Test func unattendedHealingAppliesOnlyWhatAMigrationDeclares() throws {
        let folder = TemporaryDirectory("trust-safe")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, Self.sessionsDatabase)
        let declared = try SchemaSnapshot(replayingDDL: """
            CREATE TABLE sessions(id INTEGER PRIMARY KEY, user_id TEXT, note TEXT);
            CREATE TABLE tokens(id INTEGER PRIMARY KEY, value TEXT);
            """)
        let request = RepairRequest(databasePath: path, declaredSchema: declared, codeUsage: Self.typoAndInferredUsage)
        let safe = try RepairPlanner.planStepsThatCannotLoseData(request)
        #expect(safe.steps.map(\.id) == ["create-table:tokens", "add-column:sessions.note"])
        let waiting = Dictionary(uniqueKeysWithValues: safe.skippedSteps.map { ($0.id, $0) })
        for id in ["create-table:audit_events", "add-column:sessions.device", "create-table:sesions"] {
            #expect(waiting[id] != nil, "\(id) is reported as waiting: \(safe.skippedSteps.map(\.id))")
            #expect(waiting[id]?.disposition == .heldBack)
        }
        #expect(waiting["create-table:audit_events"]?.reason.contains("waits for a person") == true)
    }

    // MARK: Corrupt database

    /// A table's root page overwritten: the schema still reads, the data does not. Planning says
    /// the database is damaged instead of skipping steps for "malformed" SQL.
    @Test func planningRefusesADamagedDatabase() throws {
        let folder = TemporaryDirectory("trust-corrupt")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try Self.makeDamagedDatabase(at: path)
        let declared = try SchemaSnapshot(replayingDDL: "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER);")
        #expect {
            try RepairPlanner.plan(RepairRequest(databasePath: path, declaredSchema: declared))
        } throws: { error in
            guard case RepairError.databaseCorrupt = error else { return false }
            return "\(error)".contains("damaged")
        }
    }

    /// The check after the steps (inside the transaction, before COMMIT) finds damage: the repair
    /// rolls back and says the database is damaged, by the statement's kind, not a generic
    /// "verification failed". Damage is made by editing the schema inside the repair's own
    /// transaction, so that only that check can see it.
    @Test func damageFoundAfterTheStepsIsReportedAsDamageAndRolledBack() throws {
        let folder = TemporaryDirectory("trust-corrupt-after")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, m TEXT); INSERT INTO t VALUES (1, '1', NULL), (2, '2', 'b');")
        let declared = try SchemaSnapshot(replayingDDL: "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, m TEXT, extra TEXT);")
        var plan = try RepairPlanner.plan(RepairRequest(databasePath: path, declaredSchema: declared))
        #expect(plan.steps.map(\.id) == ["add-column:t.extra"])
        let before = try SQLiteConnection(path: path, mode: .readOnly).rows("SELECT sql FROM sqlite_schema")
        let finalCheck = try #require(plan.script.lastIndex { $0.sql.contains("_check") && $0.stepID == nil })
        // `m` declared NOT NULL while a row holds NULL: a constraint the check reads, the file is not touched.
        plan.script.insert(contentsOf: [
            PlannedStatement("PRAGMA writable_schema = ON"),
            PlannedStatement("UPDATE sqlite_schema SET sql = 'CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, m TEXT NOT NULL, extra TEXT)' WHERE name = 't'"),
            PlannedStatement("PRAGMA writable_schema = RESET"),
        ], at: finalCheck)
        #expect {
            try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        } throws: { error in
            guard case RepairError.databaseCorrupt = error else { return false }
            return "\(error)".contains("is damaged (quick_check: NULL value in t.m)")
        }
        #expect(try SQLiteConnection(path: path, mode: .readOnly).rows("SELECT sql FROM sqlite_schema") == before, "rolled back")
    }

    /// quick_check reads every page but not whether an index holds its table's rows; the repair's
    /// check before writing is the full integrity_check, so planning refuses such a file.
    @Test func anIndexOutOfStepWithItsTableIsFoundOnlyByTheFullCheckAndPlanningRefusesIt() throws {
        let folder = TemporaryDirectory("trust-index")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, """
            CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, m TEXT); INSERT INTO t VALUES (1, 'a', 'x'), (2, 'b', 'y');
            CREATE INDEX t_n ON t(m); PRAGMA writable_schema = ON;
            UPDATE sqlite_schema SET sql = 'CREATE INDEX t_n ON t(n)' WHERE name = 't_n'; PRAGMA writable_schema = OFF;
            """)
        let database = try SQLiteConnection(path: path, mode: .readOnly)
        #expect(try DatabaseIntegrity.damage(of: database, check: .quick) == nil)
        #expect(try DatabaseIntegrity.damage(of: database, check: .full)
                == .init(check: .full, problems: ["row 1 missing from index t_n", "row 2 missing from index t_n"]))
        let declared = try SchemaSnapshot(replayingDDL: "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, m TEXT, extra TEXT);")
        #expect {
            try RepairPlanner.plan(RepairRequest(databasePath: path, declaredSchema: declared))
        } throws: { error in
            guard case RepairError.databaseCorrupt(_, let damage) = error else { return false }
            return damage.check == .full && damage.problems.first == "row 1 missing from index t_n"
        }
    }

    /// `t` with 3000 rows; page 2 (its root) scribbled over.
    static func makeDamagedDatabase(at path: String) throws {
        try makeDatabase(at: path, """
            PRAGMA page_size = 4096;
            CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT);
            WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000) INSERT INTO t SELECT i, 'value ' || i FROM s;
            """)
        var bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        for offset in 4096..<(4096 + 600) where offset < bytes.count { bytes[offset] = 0xA5 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    // MARK: Misleading messages

    /// An application killed in the middle of a write leaves a hot journal: not "read-only".
    @Test func aHotJournalIsCalledAHotJournal() throws {
        let folder = TemporaryDirectory("trust-hot")
        defer { folder.remove() }
        let original = folder.file("original.db")
        try makeDatabase(at: original, """
            PRAGMA journal_mode = DELETE;
            CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT);
            WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) INSERT INTO t SELECT i, 'value ' || i FROM s;
            """)
        // A writer whose changes spill into the file mid-transaction; the pair of files is copied
        // as a crash would leave them.
        let writer = try SQLiteConnection(path: original, mode: .readWrite)
        try writer.execute("PRAGMA cache_size = 2; BEGIN IMMEDIATE; UPDATE t SET n = n || ' changed';")
        let path = folder.file("app.db")
        try FileManager.default.copyItem(atPath: original, toPath: path)
        try FileManager.default.copyItem(atPath: original + "-journal", toPath: path + "-journal")
        try writer.execute("ROLLBACK")
        let declared = try SchemaSnapshot(replayingDDL: "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, extra TEXT);")
        do {
            let plan = try RepairPlanner.plan(RepairRequest(databasePath: path, declaredSchema: declared))
            Issue.record("planned on a database with a hot journal: \(plan.steps.map(\.id))")
        } catch let error as RepairError {
            #expect(!error.description.contains("read-only"), "\(error.description)")
            #expect(error.description.contains("hot journal"), "\(error.description)")
        }
    }

    /// A foreign key in a table the repair does not touch that names a parent column with no
    /// UNIQUE index makes `PRAGMA foreign_key_check` fail for the whole database: the repair of
    /// another table goes on, its own foreign keys still checked.
    @Test func aForeignKeyMismatchInAnUnrelatedTableDoesNotStopTheRepair() throws {
        let folder = TemporaryDirectory("trust-fk")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, """
            CREATE TABLE p(a TEXT);
            CREATE TABLE c(x REFERENCES p(a));
            INSERT INTO p VALUES ('k'); INSERT INTO c VALUES ('k');
            CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT);
            CREATE TABLE child(id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t(id));
            INSERT INTO t VALUES (1, '1'), (2, '2'); INSERT INTO child VALUES (1, 1), (2, 99);
            """)
        let declared = try SchemaSnapshot(replayingDDL: "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER);")
        let plan = try RepairPlanner.plan(RepairRequest(databasePath: path, declaredSchema: declared))
        #expect(plan.steps.map(\.id) == ["change-column-type:t.n:INTEGER"])
        let outcome = try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        #expect(outcome.appliedStepIDs == ["change-column-type:t.n:INTEGER"])
        let database = try SQLiteConnection(path: path, mode: .readOnly)
        #expect(try database.scalar("SELECT type FROM pragma_table_info('t') WHERE name = 'n'") == .text("INTEGER"))
    }

    /// A mismatch in a table the repair does touch is explained, not SQLite's raw text.
    @Test func aForeignKeyMismatchOnTheRepairedTableIsExplained() throws {
        let folder = TemporaryDirectory("trust-fk")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, """
            CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT);
            CREATE TABLE c(x REFERENCES t(n));
            INSERT INTO t VALUES (1, '1');
            """)
        let declared = try SchemaSnapshot(replayingDDL: "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER);")
        #expect {
            try RepairExecutor.apply(try RepairPlanner.plan(RepairRequest(databasePath: path, declaredSchema: declared)),
                                     options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        } throws: { error in
            guard case RepairError.foreignKeyMismatch = error else { return false }
            let text = "\(error)"
            return text.contains("c") && text.contains("t(n)") && text.contains("UNIQUE")
        }
    }

    /// Planner statistics of a rebuilt table survive the rebuild (recomputed by ANALYZE).
    @Test func plannerStatisticsOfARebuiltTableAreKept() throws {
        let folder = TemporaryDirectory("trust-stat")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, """
            CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, k TEXT);
            CREATE INDEX t_k ON t(k);
            CREATE TABLE other(id INTEGER PRIMARY KEY, v TEXT);
            CREATE INDEX other_v ON other(v);
            WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 50) INSERT INTO t SELECT i, i, i % 5 FROM s;
            INSERT INTO other VALUES (1, 'a');
            ANALYZE;
            """)
        let before = try SQLiteConnection(path: path, mode: .readOnly).rows("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx")
        #expect(before.contains { $0.first == .text("t") })
        let plan = try RepairPlanner.plan(RepairRequest(databasePath: path, only: ["change-column-type:t.n:INTEGER"]))
        _ = try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: folder.path)))
        let after = try SQLiteConnection(path: path, mode: .readOnly).rows("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx")
        #expect(after == before)
    }

    // MARK: Summary and history

    /// Steps held back by design (typo-like) do not make a repair "partial"; the entry says what
    /// was applied and what was held back, and why.
    @Test func typoLikeStepsHeldBackByDesignDoNotMakeARepairPartial() throws {
        let folder = TemporaryDirectory("trust-history")
        defer { folder.remove() }
        let path = folder.file("app.db")
        try makeDatabase(at: path, Self.sessionsDatabase)
        let journal = HistoryJournal(projectRoot: folder.path)
        let plan = try RepairPlanner.plan(RepairRequest(databasePath: path, codeUsage: Self.typoAndInferredUsage))
        let outcome = try RepairExecutor.apply(plan, options: .init(journal: journal))
        #expect(outcome.message.contains("Held back 1: create-table:sesions (looks like a misspelling of sessions"), "\(outcome.message)")
        let entry = try #require(try journal.entries().first)
        #expect(entry.result.status == .succeeded)
        #expect(entry.steps.filter { $0.status == .applied }.map(\.id) == ["create-table:audit_events", "add-column:sessions.device"])
        #expect(entry.steps.filter { $0.status == .skipped }.map(\.id) == ["create-table:sesions"])
    }

    // MARK: History and backups only inside the project's own .sqlheal

    @Test(arguments: ["", "/history", "/backups"])
    func aSymlinkedHistoryFolderIsRefused(link: String) throws {
        let project = TemporaryDirectory("trust-link")
        let elsewhere = TemporaryDirectory("trust-elsewhere")
        defer { project.remove(); elsewhere.remove() }
        if link.isEmpty {
            try FileManager.default.createSymbolicLink(atPath: project.file(".sqlheal"), withDestinationPath: elsewhere.path)
        } else {
            try FileManager.default.createDirectory(atPath: project.file(".sqlheal"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: project.file(".sqlheal" + link), withDestinationPath: elsewhere.path)
        }
        let path = project.file("app.db")
        try makeDatabase(at: path, "CREATE TABLE t(id INTEGER PRIMARY KEY);")
        let journal = HistoryJournal(projectRoot: project.path)
        // A repair journals before its first change: refused there, nothing is changed.
        let plan = try RepairPlanner.plan(RepairRequest(databasePath: path, only: ["archive-table:t"]))
        #expect(throws: (any Error).self) { try RepairExecutor.apply(plan, options: .init(journal: journal)) }
        #expect(try SQLiteConnection(path: path, mode: .readOnly).scalar("SELECT count(*) FROM sqlite_schema WHERE name = 't'") == .integer(1))
        #expect {
            try journal.record(HistoryEntry(kind: .repair, summary: "x"))
        } throws: { error in
            "\(error)".contains("symbolic link")
        }
        if link != "/backups" {
            #expect(throws: (any Error).self, "history is never read through a link") { try journal.entries() }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "nothing written through the link")
    }

    /// A database the project configures outside its folder (`"database": "../shared.db"`) can be
    /// repaired and rolled back; the entry is accepted only while it names the configured database.
    @Test func theConfiguredDatabaseOutsideTheProjectCanStillBeRolledBack() throws {
        let project = TemporaryDirectory("trust-outside")
        let elsewhere = TemporaryDirectory("trust-shared")
        defer { project.remove(); elsewhere.remove() }
        let path = elsewhere.file("shared.db")
        try makeDatabase(at: path, "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO t VALUES (1, '1');")
        let journal = HistoryJournal(projectRoot: project.path)
        let outcome = try RepairExecutor.apply(try RepairPlanner.plan(RepairRequest(databasePath: path, only: ["change-column-type:t.n:INTEGER"])),
                                               options: .init(journal: journal))
        let id = try #require(outcome.historyID)
        #expect(throws: (any Error).self, "not configured: refused") { try Rollback(journal: journal).run(historyID: id) }
        let undone = try Rollback(journal: journal, configuredDatabasePath: path).run(historyID: id)
        #expect(undone.restored)
        #expect(try SQLiteConnection(path: path, mode: .readOnly).scalar("SELECT type FROM pragma_table_info('t') WHERE name = 'n'") == .text("TEXT"))
    }

    /// A history entry is validated before a rollback acts on it: a crafted entry naming a database
    /// or a backup outside the project is refused, even with --force.
    @Test(arguments: [true, false])
    func aCraftedHistoryEntryCannotMakeRollbackWriteOutsideTheProject(databaseOutside: Bool) throws {
        let project = TemporaryDirectory("trust-crafted")
        let elsewhere = TemporaryDirectory("trust-victim")
        defer { project.remove(); elsewhere.remove() }
        let victim = databaseOutside ? elsewhere.file("victim.db") : project.file("app.db")
        try makeDatabase(at: victim, "CREATE TABLE precious(v TEXT); INSERT INTO precious VALUES ('keep me');")
        let replacement = databaseOutside ? project.file(".sqlheal/backups/x/database.db") : elsewhere.file("evil.db")
        try FileManager.default.createDirectory(atPath: (replacement as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try makeDatabase(at: replacement, "CREATE TABLE other(v TEXT);")
        let journal = HistoryJournal(projectRoot: project.path)
        let entry = HistoryEntry(kind: .repair, summary: "crafted", database: .init(path: victim, backupPath: replacement),
                                 result: .init(status: .succeeded, message: "ok"))
        try journal.record(entry)
        let before = FileManager.default.contents(atPath: victim)
        #expect {
            try Rollback(journal: journal).run(historyID: entry.id, options: .init(force: true))
        } throws: { error in
            guard case RepairError.historyEntryUnsafe = error else { return false }
            return "\(error)".contains(databaseOutside ? victim : replacement)
        }
        #expect(FileManager.default.contents(atPath: victim) == before, "the file the entry names is untouched")
    }
}
