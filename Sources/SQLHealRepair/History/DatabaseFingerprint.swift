import Foundation
import CSQLite
import SQLHealSQLite

/// What a database holds, condensed: its `schema_version` and a hash of its schema and of every
/// row of every table. Recorded right after a repair; a rollback compares it with the database
/// as it is now, because restoring the backup over a database that changed since would silently
/// discard those changes.
///
/// The file's own change counter cannot serve: in WAL mode SQLite does not maintain it.
public struct DatabaseFingerprint: Codable, Sendable, Hashable {
    /// `PRAGMA schema_version`: moves with every schema change.
    public var schemaVersion: Int64
    /// FNV-1a 64 over `sqlite_schema` and the rows of every ordinary table, in storage order.
    public var contentHash: String
    public var totalRowCount: Int64

    public init(schemaVersion: Int64, contentHash: String, totalRowCount: Int64) {
        self.schemaVersion = schemaVersion
        self.contentHash = contentHash
        self.totalRowCount = totalRowCount
    }

    /// Reads the fingerprint through `connection` (read-only work; run it inside a transaction
    /// when the result must match a write that follows).
    public static func compute(_ connection: SQLiteConnection) throws -> DatabaseFingerprint {
        let schemaVersion = try connection.scalar("PRAGMA schema_version")?.integerValue ?? 0
        var hasher = FNV1aHasher()
        let schemaRows = try connection.rows("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")
        var tableNames: [String] = []
        for row in schemaRows {
            for value in row { hasher.combine(value) }
            if row.count == 4, row[0].textValue == "table", let name = row[1].textValue,
               let sql = row[3].textValue, !sql.uppercased().hasPrefix("CREATE VIRTUAL") {
                tableNames.append(name)
            }
        }
        var totalRows: Int64 = 0
        for name in tableNames {
            let statement = try connection.prepare("SELECT * FROM \(SQLIdentifier.quote(name))")
            let columnCount = Int32(statement.columnCount)
            hasher.combine(.text(name))
            while try statement.step() {
                totalRows += 1
                for column in 0..<columnCount { hasher.combineColumn(statement.handle, column) }
            }
        }
        return DatabaseFingerprint(schemaVersion: schemaVersion, contentHash: hasher.hexDigest, totalRowCount: totalRows)
    }
}

/// 64-bit FNV-1a: fast and good enough to notice a change (this is not a security boundary).
struct FNV1aHasher {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    mutating func combine(bytes pointer: UnsafeRawPointer?, count: Int) {
        guard let pointer, count > 0 else { return }
        let buffer = UnsafeRawBufferPointer(start: pointer, count: count)
        var local = state
        for byte in buffer { local = (local ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        state = local
    }

    mutating func combine(integer: Int64) {
        var value = UInt64(bitPattern: integer)
        for _ in 0..<8 {
            combine(byte: UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
    }

    mutating func combine(_ value: SQLiteValue) {
        switch value {
        case .null: combine(byte: 0)
        case .integer(let number): combine(byte: 1); combine(integer: number)
        case .real(let number): combine(byte: 2); combine(integer: Int64(bitPattern: number.bitPattern))
        case .text(let text):
            combine(byte: 3)
            combine(integer: Int64(text.utf8.count))
            for byte in text.utf8 { combine(byte: byte) }
        case .blob(let bytes):
            combine(byte: 4)
            combine(integer: Int64(bytes.count))
            for byte in bytes { combine(byte: byte) }
        }
    }

    /// Hashes one result column straight from SQLite's buffers (no Swift string per value).
    mutating func combineColumn(_ statement: OpaquePointer, _ column: Int32) {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            combine(byte: 1); combine(integer: sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT:
            combine(byte: 2); combine(integer: Int64(bitPattern: sqlite3_column_double(statement, column).bitPattern))
        case SQLITE_TEXT:
            combine(byte: 3)
            let pointer = sqlite3_column_text(statement, column)
            let count = Int(sqlite3_column_bytes(statement, column))
            combine(integer: Int64(count))
            combine(bytes: pointer.map { UnsafeRawPointer($0) }, count: count)
        case SQLITE_BLOB:
            combine(byte: 4)
            let pointer = sqlite3_column_blob(statement, column)
            let count = Int(sqlite3_column_bytes(statement, column))
            combine(integer: Int64(count))
            combine(bytes: pointer, count: count)
        default:
            combine(byte: 0)
        }
    }

    var hexDigest: String {
        let hex = String(state, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }
}

/// Quoting of SQL identifiers and literals for the statements the repair writes.
public enum SQLIdentifier {
    /// `"name"`, with embedded double quotes doubled: safe for any table or column name.
    public static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `'text'`, with embedded single quotes doubled.
    public static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
