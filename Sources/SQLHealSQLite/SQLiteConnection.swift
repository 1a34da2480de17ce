import CSQLite

/// An error reported by SQLite, with the byte offset of the offending token when SQLite knows it.
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The primary result code (`SQLITE_ERROR`, `SQLITE_BUSY`, …).
    public var code: Int32
    /// The extended result code (`SQLITE_BUSY_SNAPSHOT`, …).
    public var extendedCode: Int32
    public var message: String
    /// Byte offset into the SQL of the token the error is about, from `sqlite3_error_offset`;
    /// `nil` when SQLite does not say (it does not for `no such table`). Always inside the SQL.
    public var offset: Int?
    /// The operating system's `errno` behind an I/O error (`ENOSPC`, `EFBIG`, `EACCES`…), from
    /// `sqlite3_system_errno`; `nil` when SQLite did not fail in a system call.
    public var systemErrorNumber: Int32?

    public init(code: Int32, extendedCode: Int32? = nil, message: String, offset: Int? = nil, systemErrorNumber: Int32? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.offset = offset
        self.systemErrorNumber = systemErrorNumber
    }

    public var description: String { "SQLite error \(code): \(message)" }

    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    public var isCorrupt: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }
}

/// A value read from or bound to SQLite.
public enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var textValue: String? { if case .text(let value) = self { value } else { nil } }
    public var integerValue: Int64? { if case .integer(let value) = self { value } else { nil } }
}

/// One SQLite connection. Not thread-safe: use it from one thread at a time (the type is
/// `Sendable` so that it can be handed between threads, never shared concurrently).
public final class SQLiteConnection: @unchecked Sendable {
    public enum OpenMode: Sendable {
        /// The file must exist; nothing can be written through this connection.
        case readOnly
        /// The file must exist.
        case readWrite
        case readWriteCreate
    }

    /// The raw handle, for the few APIs this wrapper does not cover.
    public let handle: OpaquePointer
    public let path: String

    /// Opens a private, empty in-memory database.
    public convenience init() throws {
        try self.init(path: ":memory:", mode: .readWriteCreate)
    }

    public init(path: String, mode: OpenMode, busyTimeoutMilliseconds: Int32 = 2_000) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var raw: OpaquePointer?
        let result = sqlite3_open_v2(path, &raw, flags, nil)
        guard let raw else {
            throw SQLiteError(code: result, message: "cannot open \(path): out of memory")
        }
        if result != SQLITE_OK {
            let message = String(cString: sqlite3_errmsg(raw))
            let extended = sqlite3_extended_errcode(raw)
            sqlite3_close_v2(raw)
            throw SQLiteError(code: result, extendedCode: extended, message: "cannot open \(path): \(message)")
        }
        self.handle = raw
        self.path = path
        sqlite3_extended_result_codes(raw, 1)
        sqlite3_busy_timeout(raw, busyTimeoutMilliseconds)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Turns off SQLite's misfeature of reading a double-quoted identifier that matches nothing
    /// as a string literal, so `WHERE "emial" = ?` is reported instead of silently comparing a string.
    public func disableDoubleQuotedStringLiterals() {
        sqlite3_db_config_int(handle, SQLITE_DBCONFIG_DQS_DML, 0)
        sqlite3_db_config_int(handle, SQLITE_DBCONFIG_DQS_DDL, 0)
    }

    /// Runs `body` with SQLite's progress handler armed so that any statement it steps is
    /// interrupted (`SQLITE_INTERRUPT`) after about `instructions` virtual-machine instructions.
    /// For running SQL that comes from user files (a `CREATE TABLE … AS SELECT` with a runaway
    /// recursive CTE must not hang the caller).
    public func withInstructionLimit<Result>(_ instructions: Int, _ body: () throws -> Result) rethrows -> Result {
        let budget = ProgressBudget(remainingCallbacks: max(1, instructions / ProgressBudget.instructionsPerCallback))
        let context = Unmanaged.passUnretained(budget).toOpaque()
        sqlite3_progress_handler(handle, Int32(ProgressBudget.instructionsPerCallback), { context in
            guard let context else { return 1 }
            let budget = Unmanaged<ProgressBudget>.fromOpaque(context).takeUnretainedValue()
            budget.remainingCallbacks -= 1
            return budget.remainingCallbacks < 0 ? 1 : 0
        }, context)
        defer { sqlite3_progress_handler(handle, 0, nil, nil) }
        return try withExtendedLifetime(budget) { try body() }
    }

    /// Lowers the largest string or blob this connection will build (`SQLITE_LIMIT_LENGTH`),
    /// so SQL from user files cannot make it allocate gigabytes (`zeroblob(1e9)`).
    public func setMaximumValueLength(_ bytes: Int32) {
        sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, bytes)
    }

    /// Forbids every write, even to a connection opened read-write, until the connection closes.
    public func setQueryOnly() throws {
        try execute("PRAGMA query_only = ON")
    }

    /// Runs one or more statements, discarding rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if result != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: result & 0xFF, extendedCode: result, message: message, offset: nil, systemErrorNumber: systemErrorNumber(for: result))
        }
    }

    /// `errno` of the failed system call when `result` is an I/O-level failure.
    private func systemErrorNumber(for result: Int32) -> Int32? {
        switch result & 0xFF {
        case SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM:
            let number = sqlite3_system_errno(handle)
            return number == 0 ? nil : number
        default:
            return nil
        }
    }

    /// Compiles the first statement of `sql`. Throws with SQLite's message and error offset.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let utf8Count = sql.utf8.count
        let result = sql.withCString { pointer -> Int32 in
            let code = sqlite3_prepare_v2(handle, pointer, Int32(utf8Count), &statement, &tail)
            return code
        }
        if result != SQLITE_OK {
            throw currentError(result: result, sqlLength: utf8Count)
        }
        guard let statement else {
            // Only whitespace or comments: nothing to run.
            throw SQLiteError(code: SQLITE_MISUSE, message: "no statement in the SQL text")
        }
        return SQLiteStatement(handle: statement, connection: self)
    }

    /// Runs a query and returns every row as an array of values.
    public func rows(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        var rows: [[SQLiteValue]] = []
        while try statement.step() {
            rows.append(statement.currentRow())
        }
        return rows
    }

    /// The first column of the first row, or `nil` when there is no row.
    public func scalar(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> SQLiteValue? {
        try rows(sql, arguments).first?.first
    }

    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The error SQLite holds right now, with the error offset bounds-checked against the SQL
    /// (before 3.41.2 it could point past the end).
    func currentError(result: Int32, sqlLength: Int? = nil) -> SQLiteError {
        let message = String(cString: sqlite3_errmsg(handle))
        var offset: Int? = Int(sqlite3_error_offset(handle))
        if let value = offset, value < 0 || (sqlLength.map { value > $0 } ?? false) {
            offset = nil
        }
        return SQLiteError(code: result & 0xFF, extendedCode: sqlite3_extended_errcode(handle), message: message, offset: offset,
                           systemErrorNumber: systemErrorNumber(for: result))
    }

    /// Copies this whole database into `destination` with SQLite's online backup API, which
    /// reads a consistent snapshot (a live `-wal` included), unlike a file copy.
    public func backup(to destination: SQLiteConnection, pagesPerStep: Int32 = -1, progress: ((_ remaining: Int32, _ total: Int32) -> Void)? = nil) throws {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw destination.currentError(result: sqlite3_errcode(destination.handle))
        }
        var result: Int32
        repeat {
            result = sqlite3_backup_step(backup, pagesPerStep)
            progress?(sqlite3_backup_remaining(backup), sqlite3_backup_pagecount(backup))
            if result == SQLITE_BUSY || result == SQLITE_LOCKED {
                sqlite3_sleep(25)
            }
        } while result == SQLITE_OK || result == SQLITE_BUSY || result == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        if result != SQLITE_DONE {
            throw SQLiteError(code: result & 0xFF, extendedCode: result, message: "backup failed: \(String(cString: sqlite3_errstr(result)))")
        }
        if finish != SQLITE_OK {
            throw destination.currentError(result: finish)
        }
    }

    /// The version of the SQLite library this process runs (`3.40.1`).
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// True when `sql` ends with a complete statement (`sqlite3_complete`): a semicolon outside
    /// any literal, comment or trigger body.
    public static func isCompleteStatement(_ sql: String) -> Bool { sqlite3_complete(sql) != 0 }
}

/// The instruction budget behind ``SQLiteConnection/withInstructionLimit(_:_:)``.
private final class ProgressBudget {
    static let instructionsPerCallback = 1_000
    var remainingCallbacks: Int

    init(remainingCallbacks: Int) {
        self.remainingCallbacks = remainingCallbacks
    }
}

/// A compiled statement. Finalized when released.
public final class SQLiteStatement: @unchecked Sendable {
    public let handle: OpaquePointer
    private let connection: SQLiteConnection

    init(handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// The number of the largest parameter index (`?3` counts as 3), per `sqlite3_bind_parameter_count`.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// The name of the 1-based parameter, with its prefix (`:id`, `$id`, `@id`, `?3`); `nil` for a plain `?`.
    public func parameterName(at index: Int) -> String? {
        sqlite3_bind_parameter_name(handle, Int32(index)).map { String(cString: $0) }
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    public func columnName(at index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? ""
    }

    /// The table a result column comes from, when it comes straight from one (needs
    /// SQLITE_ENABLE_COLUMN_METADATA, which Debian's build has).
    public func columnTableName(at index: Int) -> String? {
        sqlite3_column_table_name(handle, Int32(index)).map { String(cString: $0) }
    }

    /// The column of ``columnTableName(at:)`` a result column is read from, when it is one.
    public func columnOriginName(at index: Int) -> String? {
        sqlite3_column_origin_name(handle, Int32(index)).map { String(cString: $0) }
    }

    public func columnDeclaredType(at index: Int) -> String? {
        sqlite3_column_decltype(handle, Int32(index)).map { String(cString: $0) }
    }

    public func bind(_ values: [SQLiteValue]) throws {
        for (position, value) in values.enumerated() {
            let index = Int32(position + 1)
            let result: Int32
            switch value {
            case .null: result = sqlite3_bind_null(handle, index)
            case .integer(let number): result = sqlite3_bind_int64(handle, index, number)
            case .real(let number): result = sqlite3_bind_double(handle, index, number)
            case .text(let text): result = sqlite3_bind_text(handle, index, text, -1, SQLITE_TRANSIENT_SWIFT)
            case .blob(let bytes):
                result = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), SQLITE_TRANSIENT_SWIFT)
                }
            }
            if result != SQLITE_OK { throw connection.currentError(result: result) }
        }
    }

    /// Advances to the next row; `false` when the statement is done.
    @discardableResult
    public func step() throws -> Bool {
        let result = sqlite3_step(handle)
        switch result {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.currentError(result: result)
        }
    }

    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    public func value(at column: Int) -> SQLiteValue {
        let index = Int32(column)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let length = Int(sqlite3_column_bytes(handle, index))
            let buffer = UnsafeBufferPointer(start: text, count: length)
            return .text(String(decoding: buffer, as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(handle, index))
            guard length > 0, let pointer = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: length)))
        default: return .null
        }
    }

    public func currentRow() -> [SQLiteValue] {
        (0..<columnCount).map { value(at: $0) }
    }
}

/// `SQLITE_TRANSIENT` is a macro Swift cannot import: SQLite copies the bound bytes.
let SQLITE_TRANSIENT_SWIFT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
