import CSQLite
import Foundation
import SQLHealSQLite
import SQLHealWorkspace

/// Copies a whole database with SQLite's online backup API: a consistent snapshot that includes
/// a live `-wal` (a file copy would miss it), waiting for busy locks only up to a timeout.
enum DatabaseBackup {
    /// Copies `source` into `destination` page by page. `progress` gets (copied, total) pages.
    static func copy(
        from source: SQLiteConnection,
        to destination: SQLiteConnection,
        busyTimeout: Duration,
        progress: ((_ copiedPages: Int, _ totalPages: Int) -> Void)? = nil
    ) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
            throw RepairError.backupFailed(reason: String(cString: sqlite3_errmsg(destination.handle)))
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: busyTimeout)
        var result: Int32
        repeat {
            result = sqlite3_backup_step(backup, 256)
            let total = Int(sqlite3_backup_pagecount(backup))
            progress?(total - Int(sqlite3_backup_remaining(backup)), total)
            if result == SQLITE_BUSY || result == SQLITE_LOCKED {
                if clock.now >= deadline { break }
                sqlite3_sleep(25)
            }
        } while result == SQLITE_OK || result == SQLITE_BUSY || result == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        if result == SQLITE_BUSY || result == SQLITE_LOCKED {
            throw RepairError.databaseLocked(path: source.path, waited: busyTimeout)
        }
        if result != SQLITE_DONE {
            throw RepairError.backupFailed(reason: String(cString: sqlite3_errstr(result)))
        }
        if finish != SQLITE_OK {
            throw RepairError.backupFailed(reason: String(cString: sqlite3_errmsg(destination.handle)))
        }
    }

    /// A copy made with the backup API is verified page by page: ``DatabaseIntegrity/Check/quick``
    /// (the pages are what the copy wrote; row counts are compared separately).
    static func verify(copy connection: SQLiteConnection) throws -> DatabaseIntegrity.Damage? {
        try DatabaseIntegrity.damage(of: connection, check: .quick)
    }

    /// Row counts of every ordinary table (virtual tables excluded: their shadow tables count).
    static func rowCounts(_ connection: SQLiteConnection) throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        let names = try connection.rows(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        ).compactMap { $0.first?.textValue }
        for name in names {
            counts[name] = try connection.scalar("SELECT count(*) FROM \(SQLIdentifier.quote(name))")?.integerValue ?? 0
        }
        return counts
    }
}
