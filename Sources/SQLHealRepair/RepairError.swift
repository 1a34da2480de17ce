import Foundation
import SQLHealWorkspace

/// Why a repair or a rollback did not run. Every case leaves the database untouched and says so;
/// the description is meant for users (CLI output, `window/showMessage`).
public enum RepairError: Error, Sendable, Hashable, CustomStringConvertible {
    case databaseMissing(path: String)
    case databaseNotConfigured
    case databaseReadOnly(path: String)
    /// ``DatabaseIntegrity`` found the file damaged, or SQLite could not read it.
    case databaseCorrupt(path: String, damage: DatabaseIntegrity.Damage)
    /// A FIFO, a device, a directory: opening it could block forever or read garbage.
    case notARegularFile(path: String, kind: String)
    /// An application stopped in the middle of a write and left `-journal` to be rolled back.
    case hotJournal(path: String)
    /// `sqlheal.json` (or the editor settings) could not be read: a repair never runs on defaults.
    case configurationUnreadable(problems: [String])
    /// A foreign key names parent columns that are neither the PRIMARY KEY nor UNIQUE, so SQLite
    /// cannot check it (`PRAGMA foreign_key_check` fails with "foreign key mismatch").
    case foreignKeyMismatch(child: String, parent: String, parentColumns: [String])
    /// A history entry names a database or backup outside the project or its `.sqlheal`.
    case historyEntryUnsafe(id: String, detail: String)
    case databaseLocked(path: String, waited: Duration)
    case diskFull(path: String)
    /// The operating system refused a write (a file size limit, a quota, an I/O error).
    case writeFailed(path: String, detail: String)
    case backupFailed(reason: String)
    case backupVerificationFailed(reason: String)
    /// Someone changed the schema between planning and applying.
    case schemaChangedSincePlanning(expected: Int64, found: Int64)
    case foreignKeysStillOn
    case unknownStepIDs([String])
    case verificationFailed(step: String, reason: String)
    case newForeignKeyViolations(count: Int, sample: String)
    case statementFailed(sql: String, message: String)
    case historyEntryNotFound(String)
    case nothingToRollBack
    case alreadyRolledBack(String)
    case databaseChangedSinceRepair(id: String, detail: String)
    case filesChangedSinceFix(id: String, paths: [String])
    case backupMissing(path: String)
    /// The repair failed, and reading the database afterwards could not confirm it is as it was:
    /// the backup taken before the first change is kept.
    indirect case unconfirmedAfterFailure(RepairError, backupPath: String, detail: String)

    public var description: String {
        switch self {
        case .databaseMissing(let path):
            "the database \(path) does not exist; nothing was changed"
        case .databaseNotConfigured:
            "no database is configured: set \"database\" in sqlheal.json (or keep exactly one *.db/*.sqlite/*.sqlite3 at the project root)"
        case .databaseReadOnly(let path):
            "the database \(path) is read-only (file or folder permissions); nothing was changed"
        case .databaseCorrupt(let path, let damage):
            "the database \(path) is damaged (\(damage)); repair refuses to write to it, nothing was changed"
        case .notARegularFile(let path, let kind):
            "\(path) is \(kind), not a regular file: it cannot be a SQLite database, so repair refuses to open it; nothing was changed (point \"database\" in sqlheal.json at the database file)"
        case .hotJournal(let path):
            "the database \(path) has a hot journal (\(path)-journal): an application stopped in the middle of a write, and SQLite rolls that write back the next time the database is opened for writing (start the application once, or run `sqlite3 \(path) 'PRAGMA schema_version'`). Repair plans only on a settled database; nothing was changed"
        case .configurationUnreadable(let problems):
            "the configuration could not be read (\(problems.joined(separator: "; "))); a repair never runs on a configuration it could not read, nothing was changed. Fix sqlheal.json (`sqlheal check` shows where)"
        case .foreignKeyMismatch(let child, let parent, let parentColumns):
            "foreign key mismatch: \(child) references \(parent)(\(parentColumns.joined(separator: ", "))), which is neither the PRIMARY KEY of \(parent) nor under a UNIQUE index, so SQLite cannot check that foreign key and the repair cannot prove it adds no violation. Make \(parent)(\(parentColumns.joined(separator: ", "))) UNIQUE or fix the REFERENCES clause of \(child) first; nothing was changed"
        case .historyEntryUnsafe(let id, let detail):
            "history entry \(id) is refused: \(detail). sqlheal only restores files inside the project from backups inside its own .sqlheal folder; nothing was changed"
        case .databaseLocked(let path, let waited):
            "the database \(path) stayed locked by another connection for \(waited.formattedSeconds); nothing was changed, try again when it is idle"
        case .diskFull(let path):
            "the disk is full while writing \(path); nothing was changed"
        case .writeFailed(let path, let detail):
            "writing \(path) failed (\(detail)); the transaction was rolled back, nothing was changed"
        case .backupFailed(let reason):
            "the backup failed (\(reason)); nothing was changed"
        case .backupVerificationFailed(let reason):
            "the backup did not verify (\(reason)); nothing was changed"
        case .schemaChangedSincePlanning(let expected, let found):
            "the schema changed since the plan was made (schema_version \(expected) → \(found)); nothing was changed, plan again"
        case .foreignKeysStillOn:
            "PRAGMA foreign_keys could not be turned off; a rebuild would run ON DELETE actions, nothing was changed"
        case .unknownStepIDs(let ids):
            "no such repair step: \(ids.joined(separator: ", ")) (see `sqlheal repair --dry-run` for the step ids)"
        case .verificationFailed(let step, let reason):
            "\(step): verification failed (\(reason)); the transaction was rolled back, nothing was changed"
        case .newForeignKeyViolations(let count, let sample):
            "the repair would add \(count) foreign key violation(s) (\(sample)); the transaction was rolled back, nothing was changed"
        case .statementFailed(let sql, let message):
            "SQLite refused `\(sql)`: \(message); the transaction was rolled back, nothing was changed"
        case .historyEntryNotFound(let id):
            "no history entry '\(id)' (see `sqlheal history`)"
        case .nothingToRollBack:
            "nothing to roll back: the history has no applied repair or fix that is not already rolled back"
        case .alreadyRolledBack(let id):
            "\(id) is already rolled back"
        case .databaseChangedSinceRepair(let id, let detail):
            "the database changed since repair \(id) (\(detail)); restoring its backup would discard those changes. Use --force to restore anyway"
        case .filesChangedSinceFix(let id, let paths):
            "these files changed since fix \(id): \(paths.joined(separator: ", ")); restoring would discard those edits. Use --force to restore anyway"
        case .backupMissing(let path):
            "the backup \(path) is missing or unreadable"
        case .unconfirmedAfterFailure(let failure, let backupPath, let detail):
            "\(failure.description.replacingOccurrences(of: ", nothing was changed", with: "")); afterwards the database could not be confirmed unchanged (\(detail)). The backup taken before the first change is kept at \(backupPath)"
        }
    }
}

extension Duration {
    var formattedSeconds: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return String(format: "%.1f s", seconds)
    }
}
