import CSQLite
import Foundation
import SQLHealSQLite

/// Opening the user's database for writing, with every failure turned into a clear ``RepairError``.
enum DatabaseAccess {
    static func openForWriting(path: String, busyTimeout: Duration) throws -> SQLiteConnection {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw RepairError.databaseMissing(path: path)
        }
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

    static func classify(_ error: SQLiteError, path: String, busyTimeout: Duration) -> RepairError {
        switch error.code {
        case SQLITE_BUSY, SQLITE_LOCKED: .databaseLocked(path: path, waited: busyTimeout)
        case SQLITE_CORRUPT, SQLITE_NOTADB: .databaseCorrupt(path: path, detail: error.message)
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
