import CSQLite
import Foundation
import SQLHealSQLite

/// Opening the user's database for writing, with every failure turned into a clear ``RepairError``.
enum DatabaseAccess {
    static func openForWriting(path: String, busyTimeout: Duration) throws -> SQLiteConnection {
        let fileManager = FileManager.default
        try requireRegularFile(path)
        let folder = (path as NSString).deletingLastPathComponent
        // SQLite needs to create `-journal`/`-wal` files beside the database, hence the folder check.
        guard fileManager.isWritableFile(atPath: path), fileManager.isWritableFile(atPath: folder.isEmpty ? "." : folder) else {
            throw RepairError.databaseReadOnly(path: path)
        }
        let milliseconds = Int32(clamping: busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000)
        do {
            let connection = try SQLiteConnection(path: path, mode: .readWrite, busyTimeoutMilliseconds: milliseconds)
            // A file that is not a database opens fine and fails on first read: read now.
            _ = try connection.scalar("PRAGMA schema_version")
            return connection
        } catch let error as SQLiteError {
            throw classify(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Refuses, before SQLite opens anything, a path that is missing or not a regular file: opening
    /// a FIFO blocks until a writer appears, `/dev/zero` reads forever. Symbolic links are
    /// followed (a link to a database file is fine).
    static func requireRegularFile(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { throw RepairError.databaseMissing(path: path) }
        let kind: String
        switch status.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: kind = "a directory"
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a file"
        }
        throw RepairError.notARegularFile(path: path, kind: kind)
    }

    /// `SQLITE_READONLY_ROLLBACK`: a read-only connection met a hot journal it may not roll back
    /// (the C macro is not imported into Swift).
    static let readOnlyRollbackCode: Int32 = 776

    static func classify(_ error: SQLiteError, path: String, busyTimeout: Duration) -> RepairError {
        if error.extendedCode == readOnlyRollbackCode { return .hotJournal(path: path) }
        return switch error.code {
        case SQLITE_BUSY, SQLITE_LOCKED: .databaseLocked(path: path, waited: busyTimeout)
        case SQLITE_CORRUPT, SQLITE_NOTADB: .databaseCorrupt(path: path, damage: .init(check: nil, problems: [error.message]))
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN: .databaseReadOnly(path: path)
        case SQLITE_FULL: .diskFull(path: path)
        case SQLITE_IOERR:
            switch error.systemErrorNumber {
            case ENOSPC: .diskFull(path: path)
            case EFBIG: .writeFailed(path: path, detail: "the file size limit was reached (ulimit -f)")
            case EDQUOT: .writeFailed(path: path, detail: "the disk quota is exceeded")
            case let number?: .writeFailed(path: path, detail: "\(error.message): \(String(cString: strerror(number)))")
            case nil: .writeFailed(path: path, detail: error.message)
            }
        default: .statementFailed(sql: "(opening \(path))", message: error.message)
        }
    }
}
