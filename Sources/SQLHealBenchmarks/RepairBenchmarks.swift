import Foundation
import SQLHealAnalysis
import SQLHealRepair
import SQLHealSQLite

/// The 1M-row type change (`events.user_id` TEXT → INTEGER) through the whole repair (plan,
/// quick_check, verified backup, journal, 12-step rebuild with EXCEPT comparisons, foreign key
/// and quick_check verification, fingerprint), against the bare statements an expert would type
/// for the same rebuild, and against the file copy both pay to start from the same database.
///
/// `swift run -c release SQLHealBenchmarks repair`
struct RepairBenchmarks: BenchmarkSuite {
    let name = "repair"
    /// 1M by default; `SQLHEAL_REPAIR_BENCH_ROWS` overrides it for a quick smoke run.
    static let rowCount = Int(ProcessInfo.processInfo.environment["SQLHEAL_REPAIR_BENCH_ROWS"] ?? "") ?? 1_000_000

    var benchmarks: [Benchmark] {
        let fixture = RepairBenchmarkFixture.shared
        return [
            Benchmark(name: "copy the \(Self.rowCount)-row database (both pay it)", iterations: 3) {
                fixture.freshCopy()
                return 0
            },
            Benchmark(name: "bare SQLite rebuild, \(Self.rowCount) rows TEXT→INTEGER", iterations: 3) {
                let path = fixture.freshCopy()
                do {
                    let connection = try SQLiteConnection(path: path, mode: .readWrite)
                    try connection.execute("""
                        PRAGMA foreign_keys = OFF;
                        BEGIN IMMEDIATE;
                        CREATE TABLE events_new(id INTEGER PRIMARY KEY, user_id INTEGER, kind TEXT NOT NULL DEFAULT 'view', payload TEXT, created_at TEXT);
                        INSERT INTO events_new (id, user_id, kind, payload, created_at) SELECT id, CAST(user_id AS INTEGER), kind, payload, created_at FROM events;
                        DROP TABLE events;
                        ALTER TABLE events_new RENAME TO events;
                        CREATE INDEX events_user ON events(user_id);
                        COMMIT;
                        """)
                } catch {
                    print("bare rebuild failed: \(error)")
                }
                return 0
            },
            Benchmark(name: "sqlheal repair, \(Self.rowCount) rows TEXT→INTEGER", iterations: 3) {
                let path = fixture.freshCopy()
                do {
                    let plan = try RepairPlanner.plan(RepairRequest(
                        databasePath: path, only: ["change-column-type:events.user_id:INTEGER"]))
                    let journal = HistoryJournal(projectRoot: fixture.folder)
                    let outcome = try RepairExecutor.apply(plan, options: .init(journal: journal))
                    if let backup = outcome.backupPath { try? FileManager.default.removeItem(atPath: backup) }
                } catch {
                    print("repair failed: \(error)")
                }
                return 0
            },
        ]
    }
}

/// A 1M-row database built once per run, copied fresh for each iteration.
final class RepairBenchmarkFixture: Sendable {
    static let shared = RepairBenchmarkFixture()

    let folder: String
    let templatePath: String
    var workingPath: String { folder + "/work.db" }

    private init() {
        folder = NSTemporaryDirectory() + "sqlheal-repair-bench-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        templatePath = folder + "/template.db"
        try? FileManager.default.removeItem(atPath: templatePath)
        do {
            let connection = try SQLiteConnection(path: templatePath, mode: .readWriteCreate)
            try connection.execute("""
                CREATE TABLE events(id INTEGER PRIMARY KEY, user_id TEXT, kind TEXT NOT NULL DEFAULT 'view', payload TEXT, created_at TEXT);
                CREATE INDEX events_user ON events(user_id);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(RepairBenchmarks.rowCount))
                INSERT INTO events (id, user_id, kind, payload, created_at)
                SELECT i, CAST(i % 50000 AS TEXT), CASE i % 3 WHEN 0 THEN 'view' WHEN 1 THEN 'click' ELSE 'buy' END,
                       '{"n":' || i || '}', '2026-11-26T10:00:00Z' FROM n;
                """)
        } catch {
            print("cannot build the benchmark database: \(error)")
        }
    }

    /// Replaces the working database with a copy of the template; returns its path.
    @discardableResult
    func freshCopy() -> String {
        try? FileManager.default.removeItem(atPath: workingPath)
        try? FileManager.default.copyItem(atPath: templatePath, toPath: workingPath)
        return workingPath
    }
}
