import Foundation
import SQLHealRepair
import SQLHealSQLite
import Testing

/// `sqlheal check`, `repair`, `history` and `watch --apply-safe` on real projects through the built
/// binary (issue 16, "Trust"): a damaged database, a path that is not a file, a configuration that
/// cannot be read, steps held back, each said plainly with an exit status that tells a script.
@Suite("sqlheal repair: trust")
struct RepairCommandTrustTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
        /// The process did not end by itself within the time allowed.
        var timedOut: Bool
    }

    /// Runs the binary, stopping it (SIGTERM, then SIGKILL) after `timeout`.
    static func run(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FixCommandTests.binaryPath)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let collected = PipeCollector()
        try process.run()
        let readers = DispatchGroup()
        for (pipe, isError) in [(output, false), (errors, true)] {
            DispatchQueue.global().async(group: readers) {
                collected.store(pipe.fileHandleForReading.readDataToEndOfFile(), isError: isError)
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while process.isRunning && clock.now < deadline { usleep(20_000) }
        let timedOut = process.isRunning
        if timedOut {
            kill(process.processIdentifier, SIGTERM)
            let grace = clock.now.advanced(by: .seconds(5))
            while process.isRunning && clock.now < grace { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        readers.wait()
        let texts = collected.texts
        return Run(status: process.terminationStatus, output: texts.output, errors: texts.errors, timedOut: timedOut)
    }

    final class PipeCollector: @unchecked Sendable {
        private let lock = NSLock()
        private var output = Data()
        private var errors = Data()

        func store(_ data: Data, isError: Bool) {
            lock.withLock { if isError { errors = data } else { output = data } }
        }

        var texts: (output: String, errors: String) {
            lock.withLock { (String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self)) }
        }
    }

    /// A project: `sqlheal.json`, a migration, `app.db` made by `databaseScript`, and `files`.
    static func makeProject(
        configuration: String = #"{ "database": "app.db", "migrations": "migrations" }"#,
        migration: String = "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, extra TEXT);\n",
        databaseScript: String? = "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO t VALUES (1, '1'), (2, '2');",
        files: [String: String] = [:]
    ) throws -> String {
        let root = NSTemporaryDirectory() + "sqlheal-repair-cli-\(UUID().uuidString)"
        var all = ["sqlheal.json": configuration, "migrations/1_init.sql": migration]
        all.merge(files) { $1 }
        for (path, text) in all {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        if let databaseScript {
            try SQLiteConnection(path: root + "/app.db", mode: .readWriteCreate).execute(databaseScript)
        }
        return root
    }

    static func columns(_ databasePath: String, table: String = "t") throws -> [String] {
        try SQLiteConnection(path: databasePath, mode: .readOnly)
            .rows("SELECT name || ' ' || type FROM pragma_table_info(?) ORDER BY cid", [.text(table)]).compactMap { $0.first?.textValue }
    }

    // MARK: Corrupt database

    @Test func aDamagedDatabaseIsReportedByCheckAndRefusedByRepair() throws {
        let root = try Self.makeProject(migration: "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER);\n", databaseScript: nil)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/app.db"
        try SQLiteConnection(path: path, mode: .readWriteCreate).execute("""
            PRAGMA page_size = 4096;
            CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT);
            WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000) INSERT INTO t SELECT i, 'value ' || i FROM s;
            """)
        var bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        for offset in 4096..<(4096 + 600) { bytes[offset] = 0xA5 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let damaged = FileManager.default.contents(atPath: path)

        let check = try Self.run(["check", "--root", root])
        #expect(check.status == 1, "\(check.output)\(check.errors)")
        let line = check.output.split(separator: "\n").first { $0.contains("[database-damaged]") }
        #expect(line?.hasPrefix("app.db:1:1: error: ") == true, "\(check.output)")
        let damage = "damaged (integrity_check: Page 2: btreeInitPage() returns error code 11; Page 3 is never used"
        #expect(line?.contains(damage) == true, "one line: \(check.output)")

        let json = try Self.run(["check", "--root", root, "--format", "json"])
        #expect(json.output.contains(#""code": "database-damaged""#), "\(json.output)")

        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 1, "\(repair.output)\(repair.errors)")
        #expect(repair.errors.contains(damage), "the same verdict as check: \(repair.errors)")
        #expect(!repair.output.contains("Nothing to repair"))
        #expect(FileManager.default.contents(atPath: path) == damaged, "not a byte written")
        #expect(!FileManager.default.fileExists(atPath: root + "/.sqlheal/history"), "nothing journaled")
    }

    /// An index out of step with its table: every page is sound, so quick_check says `ok`, but the
    /// rebuild would read the table through that index. `check` and `repair` ask the same judge
    /// (``DatabaseIntegrity``, integrity_check for both) and give this file one verdict.
    @Test func checkAndRepairGiveOneVerdictOnAnIndexOutOfStepWithItsTable() throws {
        let root = try Self.makeProject(
            migration: "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, m TEXT, extra TEXT);\nCREATE INDEX t_n ON t(n);\n", databaseScript: nil)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/app.db"
        try Self.makeDatabaseWithAnIndexOutOfStep(at: path)
        let before = FileManager.default.contents(atPath: path)

        let check = try Self.run(["check", "--root", root])
        #expect(check.status == 1, "\(check.output)\(check.errors)")
        let line = check.output.split(separator: "\n").first { $0.contains("[database-damaged]") }
        #expect(line?.contains("app.db is damaged (integrity_check: row 1 missing from index t_n; row 2 missing from index t_n") == true,
                "\(check.output)")

        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 1, "\(repair.output)\(repair.errors)")
        #expect(repair.errors.contains("is damaged (integrity_check: row 1 missing from index t_n; row 2 missing from index t_n"), "\(repair.errors)")
        #expect(FileManager.default.contents(atPath: path) == before, "not a byte written")
        #expect(!FileManager.default.fileExists(atPath: root + "/.sqlheal/history"), "nothing journaled")
    }

    /// `t(id, n, m)` with two rows and an index `t_n` that SQLite built on `m`, then declared on `n`.
    static func makeDatabaseWithAnIndexOutOfStep(at path: String) throws {
        let database = try SQLiteConnection(path: path, mode: .readWriteCreate)
        try database.execute("""
            CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, m TEXT);
            INSERT INTO t VALUES (1, 'a', 'x'), (2, 'b', 'y');
            CREATE INDEX t_n ON t(m);
            PRAGMA writable_schema = ON;
            UPDATE sqlite_schema SET sql = 'CREATE INDEX t_n ON t(n)' WHERE name = 't_n';
            PRAGMA writable_schema = OFF;
            """)
    }

    // MARK: Not a regular file

    @Test(arguments: ["fifo", "/dev/zero", "directory"])
    func aDatabasePathThatIsNotARegularFileIsRefusedWithoutHanging(kind: String) throws {
        let root = try Self.makeProject(databaseScript: nil)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path: String
        switch kind {
        case "fifo":
            path = root + "/app.db"
            #expect(mkfifo(path, 0o644) == 0)
        case "directory":
            path = root + "/app.db"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        default:
            path = kind
        }
        try #"{ "database": "\#(path)", "migrations": "migrations" }"#.write(toFile: root + "/sqlheal.json", atomically: true, encoding: .utf8)
        for arguments in [["repair", "--yes", "--root", root], ["repair", "--dry-run", "--root", root]] {
            let repair = try Self.run(arguments, timeout: .seconds(20))
            #expect(!repair.timedOut, "\(arguments) hung on \(kind)")
            #expect(repair.status == 1, "\(repair.output)\(repair.errors)")
            #expect(repair.errors.contains("not a regular file"), "\(repair.errors)")
        }
    }

    // MARK: Ids invented

    @Test func nullIdsAreNotTurnedIntoInventedRowids() throws {
        let root = try Self.makeProject(
            migration: "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);\n",
            databaseScript: "CREATE TABLE t(id INT PRIMARY KEY, v TEXT); INSERT INTO t VALUES (NULL, 'a'), (NULL, 'b'), (5, 'c');")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 3, "\(repair.output)\(repair.errors)")
        #expect(repair.output.contains("rowid 1: NULL → a new rowid, rowid 2: NULL → a new rowid"), "\(repair.output)")
        let rows = try SQLiteConnection(path: root + "/app.db", mode: .readOnly).rows("SELECT id, v FROM t ORDER BY rowid")
        #expect(rows == [[.null, .text("a")], [.null, .text("b")], [.integer(5), .text("c")]])
    }

    // MARK: Foreign keys and statistics

    @Test func aForeignKeyMismatchElsewhereDoesNotStopTheRepairAndStatisticsAreKept() throws {
        let root = try Self.makeProject(
            migration: "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, k TEXT);\n",
            databaseScript: """
                CREATE TABLE p(a TEXT); CREATE TABLE c(x REFERENCES p(a)); INSERT INTO p VALUES ('k'); INSERT INTO c VALUES ('k');
                CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, k TEXT); CREATE INDEX t_k ON t(k);
                WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 40) INSERT INTO t SELECT i, i, i % 4 FROM s;
                ANALYZE;
                """)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let statistics = "SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx"
        let before = try SQLiteConnection(path: root + "/app.db", mode: .readOnly).rows(statistics)
        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 0, "\(repair.output)\(repair.errors)")
        #expect(try Self.columns(root + "/app.db") == ["id INTEGER", "n INTEGER", "k TEXT"])
        #expect(try SQLiteConnection(path: root + "/app.db", mode: .readOnly).rows(statistics) == before)
    }

    // MARK: History and backups only inside the project's own .sqlheal

    @Test func aSymlinkedSqlhealFolderReceivesNothing() throws {
        let root = try Self.makeProject()
        let elsewhere = NSTemporaryDirectory() + "sqlheal-elsewhere-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root); try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/.sqlheal", withDestinationPath: elsewhere)
        let before = try Self.columns(root + "/app.db")
        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 1, "\(repair.output)\(repair.errors)")
        #expect(repair.errors.contains("symbolic link"), "\(repair.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty, "no backup or history through the link")
        #expect(try Self.columns(root + "/app.db") == before)
    }

    @Test func aCraftedHistoryEntryCannotMakeRollbackOverwriteAFileOutsideTheProject() throws {
        let root = try Self.makeProject()
        let elsewhere = NSTemporaryDirectory() + "sqlheal-victim-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root); try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let victim = elsewhere + "/victim.db"
        try SQLiteConnection(path: victim, mode: .readWriteCreate).execute("CREATE TABLE precious(v TEXT); INSERT INTO precious VALUES ('keep me');")
        let replacement = root + "/.sqlheal/backups/20260101-000000-000-repair-0001/database.db"
        try FileManager.default.createDirectory(atPath: (replacement as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try SQLiteConnection(path: replacement, mode: .readWriteCreate).execute("CREATE TABLE other(v TEXT);")
        try FileManager.default.createDirectory(atPath: root + "/.sqlheal/history", withIntermediateDirectories: true)
        try """
            { "id": "20260101-000000-000-repair-0001", "kind": "repair", "timestamp": "2026-01-01T00:00:00Z", "summary": "crafted",
              "steps": [], "statements": [], "files": [], "rolledBack": false,
              "database": { "path": "\(victim)", "backupPath": "\(replacement)" },
              "result": { "status": "succeeded", "message": "ok" } }
            """.write(toFile: root + "/.sqlheal/history/20260101-000000-000-repair-0001.json", atomically: true, encoding: .utf8)
        let before = FileManager.default.contents(atPath: victim)
        let rollback = try Self.run(["rollback", "20260101-000000-000-repair-0001", "--force", "--root", root])
        #expect(rollback.status == 1, "\(rollback.output)\(rollback.errors)")
        #expect(rollback.errors.contains("outside the project"), "\(rollback.errors)")
        #expect(FileManager.default.contents(atPath: victim) == before, "the file outside the project is untouched")
    }

    /// One rule for entry files, shared by `history` and `rollback`: a symbolic link, an unreadable
    /// file, or an entry naming paths outside the project is listed as refused with the reason,
    /// and a rollback naming it is refused with that same reason.
    @Test func historyShowsRefusedEntriesAndRollbackRefusesThemForTheSameReason() throws {
        let root = try Self.makeProject()
        let elsewhere = NSTemporaryDirectory() + "sqlheal-elsewhere-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root); try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/.sqlheal/history", withIntermediateDirectories: true)
        let linkedID = "20260101-000000-000-repair-0002"
        try """
            { "id": "\(linkedID)", "kind": "repair", "timestamp": "2026-01-01T00:00:00Z", "summary": "linked",
              "steps": [], "statements": [], "files": [], "rolledBack": false,
              "result": { "status": "succeeded", "message": "ok" } }
            """.write(toFile: elsewhere + "/entry.json", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/.sqlheal/history/\(linkedID).json", withDestinationPath: elsewhere + "/entry.json")
        let outsideID = "20260101-000000-000-repair-0003"
        try """
            { "id": "\(outsideID)", "kind": "repair", "timestamp": "2026-01-01T00:00:00Z", "summary": "outside",
              "steps": [], "statements": [], "files": [], "rolledBack": false,
              "database": { "path": "\(elsewhere)/victim.db", "backupPath": "\(root)/.sqlheal/backups/\(outsideID)/database.db" },
              "result": { "status": "succeeded", "message": "ok" } }
            """.write(toFile: root + "/.sqlheal/history/\(outsideID).json", atomically: true, encoding: .utf8)

        let history = try Self.run(["history", "--root", root])
        #expect(history.status == 0, "\(history.errors)")
        let linkedLine = history.output.split(separator: "\n").first { $0.hasPrefix("refused \(linkedID)") }
        #expect(linkedLine?.contains("symbolic link") == true, "\(history.output)")
        let outsideLine = history.output.split(separator: "\n").first { $0.hasPrefix("refused \(outsideID)") }
        #expect(outsideLine?.contains("outside the project") == true, "\(history.output)")

        for (id, reason) in [(linkedID, "symbolic link"), (outsideID, "outside the project")] {
            let rollback = try Self.run(["rollback", id, "--root", root])
            #expect(rollback.status == 1)
            #expect(rollback.errors.contains("history entry \(id) is refused: "), "\(rollback.errors)")
            #expect(rollback.errors.contains(reason), "\(rollback.errors)")
        }
    }

    // MARK: Misleading messages

    /// An application killed in the middle of a write leaves a hot journal: `check` and `repair`
    /// name it, neither calls the database read-only.
    @Test func aHotJournalIsNamedNotCalledReadOnly() throws {
        let root = try Self.makeProject(databaseScript: nil)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let original = root + "/original.db"
        try SQLiteConnection(path: original, mode: .readWriteCreate).execute("""
            PRAGMA journal_mode = DELETE;
            CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT);
            WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) INSERT INTO t SELECT i, 'value ' || i FROM s;
            """)
        // A writer whose changes spill into the file mid-transaction; the pair of files is copied
        // as a crash would leave them.
        let writer = try SQLiteConnection(path: original, mode: .readWrite)
        try writer.execute("PRAGMA cache_size = 2; BEGIN IMMEDIATE; UPDATE t SET n = n || ' changed';")
        try FileManager.default.copyItem(atPath: original, toPath: root + "/app.db")
        try FileManager.default.copyItem(atPath: original + "-journal", toPath: root + "/app.db-journal")
        try writer.execute("ROLLBACK")

        let check = try Self.run(["check", "--root", root])
        #expect(check.output.contains("hot journal"), "\(check.output)")
        #expect(!check.output.contains("readonly") && !check.output.contains("read-only"), "\(check.output)")
        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 1, "\(repair.output)\(repair.errors)")
        #expect(repair.errors.contains("hot journal"), "\(repair.errors)")
        #expect(!repair.errors.contains("read-only"), "\(repair.errors)")
        #expect(FileManager.default.fileExists(atPath: root + "/app.db-journal"), "the journal is left for SQLite to roll back")
    }

    // MARK: A configuration that cannot be read

    @Test(arguments: ["[]", "null", #"{ "database": "app.db", "#])
    func aRepairNeverRunsOnAConfigurationItCouldNotRead(configuration: String) throws {
        let root = try Self.makeProject(configuration: configuration)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = try Self.columns(root + "/app.db")

        let check = try Self.run(["check", "--root", root])
        #expect(check.output.contains("sqlheal.json:"), "check warns about the file: \(check.output)")
        #expect(check.output.contains("[config-error]"), "\(check.output)")

        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 2, "\(repair.output)\(repair.errors)")
        #expect(repair.errors.contains("configuration could not be read"), "\(repair.errors)")
        #expect(try Self.columns(root + "/app.db") == before, "nothing written")

        let watch = try Self.run(["watch", "--apply-safe", "--root", root], timeout: .seconds(20))
        #expect(!watch.timedOut, "watch --apply-safe refuses at once")
        #expect(watch.status == 2, "\(watch.output)\(watch.errors)")
        #expect(watch.errors.contains("configuration could not be read"), "\(watch.errors)")
        #expect(try Self.columns(root + "/app.db") == before, "nothing written")
    }

    // MARK: Exit status and summary

    @Test func aRepairWhoseOnlyStepIsRefusedSaysSoAndFails() throws {
        let root = try Self.makeProject(
            migration: "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER);\n",
            databaseScript: "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO t VALUES (1, '1'), (2, 'two');")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 3, "\(repair.output)\(repair.errors)")
        #expect(!repair.output.contains("Nothing to repair"), "\(repair.output)")
        #expect(repair.output.contains("held back"), "\(repair.output)")
        #expect(repair.output.contains("change-column-type:t.n:INTEGER"))
        #expect(repair.output.contains("rowid 2: 'two' → 0"), "the rows are named: \(repair.output)")
    }

    /// Every step refused: nothing is written and no backup taken, but the history records the
    /// repair (what was held back and why), and rollback says there is nothing to undo.
    @Test func aRepairThatAppliedNothingIsRecordedInHistoryWithoutABackup() throws {
        let root = try Self.makeProject(
            migration: "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER);\n",
            databaseScript: "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO t VALUES (1, '1'), (2, 'two');")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let before = FileManager.default.contents(atPath: root + "/app.db")
        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 3, "\(repair.output)\(repair.errors)")
        #expect(FileManager.default.contents(atPath: root + "/app.db") == before, "nothing written")
        let backups = (try? FileManager.default.contentsOfDirectory(atPath: root + "/.sqlheal/backups")) ?? []
        #expect(backups.isEmpty, "no backup needed: \(backups)")

        let history = try Self.run(["history", "--root", root])
        #expect(history.status == 0)
        #expect(history.output.contains("nothing-applied"), "\(history.output)")
        #expect(history.output.contains("applied 0, held back 1"), "\(history.output)")
        #expect(history.output.contains("held back change-column-type:t.n:INTEGER: "), "\(history.output)")
        #expect(history.output.contains("rowid 2: 'two' → 0"), "why: \(history.output)")
        #expect(!history.output.contains("backup:"), "\(history.output)")

        let id = try #require(history.output.split(separator: "\n").dropFirst().first?.split(separator: " ").first.map(String.init))
        let rollbackLatest = try Self.run(["rollback", "--root", root])
        #expect(rollbackLatest.status == 1)
        #expect(rollbackLatest.errors.contains("nothing to roll back"), "\(rollbackLatest.output)\(rollbackLatest.errors)")
        let rollbackThis = try Self.run(["rollback", id, "--root", root])
        #expect(rollbackThis.status == 1)
        #expect(rollbackThis.output.contains("applied nothing"), "\(rollbackThis.output)\(rollbackThis.errors)")
        #expect(FileManager.default.contents(atPath: root + "/app.db") == before)
    }

    @Test func aPartlyAppliedRepairExitsNonZeroAndHistoryCountsWhatWasHeldBack() throws {
        let root = try Self.makeProject(
            databaseScript: "CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO t VALUES (1, '1'), (2, 'two');")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 3, "\(repair.output)\(repair.errors)")
        #expect(repair.output.contains("applied 1 step (add-column:t.extra)"), "\(repair.output)")
        #expect(repair.output.contains("Held back 1: "), "\(repair.output)")
        #expect(try Self.columns(root + "/app.db") == ["id INTEGER", "n TEXT", "extra TEXT"])
        let history = try Self.run(["history", "--root", root])
        #expect(history.status == 0)
        #expect(history.output.contains("partial"), "a lossy step refused: \(history.output)")
        #expect(history.output.contains("applied 1, held back 1"), "\(history.output)")
        #expect(history.output.contains("held back change-column-type:t.n:INTEGER:"), "\(history.output)")
    }

    @Test func typoLikeStepsHeldBackByDesignAreNotPartialInHistory() throws {
        let root = try Self.makeProject(
            migration: "CREATE TABLE sessions(id INTEGER PRIMARY KEY, user_id TEXT, note TEXT);\n",
            databaseScript: "CREATE TABLE sessions(id INTEGER PRIMARY KEY, user_id TEXT);",
            files: ["src/app.js": "export function f(db) { return db.all('SELECT id, user_id FROM sesions WHERE user_id = ?', ['u']); }\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repair = try Self.run(["repair", "--yes", "--root", root])
        #expect(repair.status == 0, "held back by design, nothing refused: \(repair.output)\(repair.errors)")
        #expect(repair.output.contains("Held back 1: "), "\(repair.output)")
        #expect(repair.output.contains("misspelling of sessions"), "\(repair.output)")
        #expect(try Self.columns(root + "/app.db", table: "sesions").isEmpty, "the typo did not become a table")
        let history = try Self.run(["history", "--root", root])
        #expect(!history.output.contains("partial"), "\(history.output)")
        #expect(history.output.contains("succeeded"), "\(history.output)")
        #expect(history.output.contains("applied 1, held back 1"), "\(history.output)")
    }

    @Test func theExitStatusesAreDocumentedInHelp() throws {
        let help = try Self.run(["repair", "--help"])
        for text in ["0 repaired", "1 refused or failed", "2 configuration error", "3 ", "held back"] {
            #expect(help.output.contains(text), "\(text) in \(help.output)")
        }
    }

    // MARK: Unattended healing

    /// `watch --apply-safe` creates the table a migration declares, and neither the table the code
    /// alone uses nor the typo; their findings stay visible.
    @Test func watchAppliesOnlyWhatAMigrationDeclares() throws {
        let root = try Self.makeProject(
            migration: """
                CREATE TABLE sessions(id INTEGER PRIMARY KEY, user_id TEXT);
                CREATE TABLE tokens(id INTEGER PRIMARY KEY, value TEXT);

                """,
            databaseScript: "CREATE TABLE sessions(id INTEGER PRIMARY KEY, user_id TEXT);",
            files: ["src/app.js": """
                export const a = (db) => db.all('SELECT id, user_id FROM sesions WHERE user_id = ?', ['u']);
                export const b = (db) => db.all('SELECT at, kind FROM audit_events WHERE kind = ?', ['x']);
                export const c = (db) => db.all('SELECT value FROM tokens');

                """])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let watch = try Self.run(["watch", "--apply-safe", "--interval", "3600", "--root", root], timeout: .seconds(8))
        #expect(watch.timedOut, "watch runs until stopped")
        let tables = try SQLiteConnection(path: root + "/app.db", mode: .readOnly)
            .rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").compactMap { $0.first?.textValue }
        #expect(tables == ["sessions", "tokens"], "\(watch.output)")
        #expect(watch.output.contains("create-table:audit_events"), "\(watch.output)")
        #expect(watch.output.contains("waits for a person"), "\(watch.output)")
        #expect(watch.output.contains("[missing-table]"), "the findings stay visible: \(watch.output)")
    }
}
