#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SQLHealAnalysis
import SQLHealSQLite

/// Why the configured database's schema could not be read.
public enum DatabaseLoadProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case missing
    case notADatabase
    case corrupt(message: String)
    /// Still locked after every retry (an exclusive writer, a migration tool holding it).
    case busy(message: String)
    case cannotOpen(message: String)

    public var description: String {
        switch self {
        case .missing: "database file not found"
        case .notADatabase: "not a SQLite database (the file has no SQLite header)"
        case .corrupt(let message): "the database file is damaged: \(message)"
        case .busy(let message): "the database stayed locked while reading its schema: \(message)"
        case .cannotOpen(let message): message
        }
    }
}

/// Reads the schema of the application's database without ever disturbing the application.
///
/// - The file is opened read-only (`SQLITE_OPEN_READONLY`, then `PRAGMA query_only`): analysis
///   never writes a database.
/// - The whole schema is read inside one read transaction, so a migration tool committing in the
///   middle can never give a half-old, half-new schema. In WAL mode a reader takes no lock a
///   writer waits on, and the live `-wal` is read (a plain file copy would miss it).
/// - The connection is closed as soon as the schema is read: no lock is held between reads.
/// - `SQLITE_BUSY`/`SQLITE_LOCKED`, and damage seen while a tool rewrites the file, are retried
///   with backoff until ``Configuration/timeoutMilliseconds``.
public enum DatabaseSchemaReader {
    public struct Configuration: Sendable, Hashable {
        /// How long to keep retrying a locked or mid-rewrite database.
        public var timeoutMilliseconds: Int
        /// The busy handler's wait inside one attempt.
        public var busyTimeoutMilliseconds: Int32

        public init(timeoutMilliseconds: Int = 3_000, busyTimeoutMilliseconds: Int32 = 500) {
            self.timeoutMilliseconds = timeoutMilliseconds
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        }

        public static let `default` = Configuration()
    }

    public static func read(path: String, configuration: Configuration = .default) -> Result<SchemaSnapshot, DatabaseLoadProblem> {
        let deadline = MonotonicClock.milliseconds() + configuration.timeoutMilliseconds
        var delay = 25
        while true {
            let attempt = readOnce(path: path, configuration: configuration)
            switch attempt {
            case .success:
                return attempt
            case .failure(let problem):
                let retryable: Bool
                switch problem {
                case .busy, .corrupt: retryable = true
                // A file replaced by rename can vanish for an instant.
                case .missing, .notADatabase: retryable = FileKind.of(path) != nil
                case .cannotOpen: retryable = false
                }
                guard retryable, MonotonicClock.milliseconds() + delay < deadline else { return attempt }
                usleep(UInt32(delay * 1000))
                delay = min(delay * 2, 400)
            }
        }
    }

    static func readOnce(path: String, configuration: Configuration) -> Result<SchemaSnapshot, DatabaseLoadProblem> {
        guard let kind = FileKind.of(path) else { return .failure(.missing) }
        guard kind == .regularFile else { return .failure(.cannotOpen(message: "\(path) is not a regular file")) }
        // An empty file is a valid, empty SQLite database; anything else must carry the header.
        switch FileBytes.readPrefix(path, count: 16) {
        case .success(let header):
            if !header.isEmpty, header != Array("SQLite format 3\u{0}".utf8) { return .failure(.notADatabase) }
        case .failure(let problem):
            return .failure(.cannotOpen(message: "cannot read \(path): \(problem)"))
        }
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, mode: .readOnly, busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds)
        } catch let error as SQLiteError {
            return .failure(classify(error))
        } catch {
            return .failure(.cannotOpen(message: "\(error)"))
        }
        do {
            try connection.setQueryOnly()
            try connection.execute("BEGIN DEFERRED")
            defer { try? connection.execute("ROLLBACK") }
            // The first read starts the read transaction: every statement after it sees the
            // same snapshot of the file.
            _ = try connection.scalar("SELECT count(*) FROM main.sqlite_schema")
            let snapshot = try SchemaSnapshot(reading: connection)
            return .success(snapshot)
        } catch let error as SQLiteError {
            return .failure(classify(error))
        } catch let error as SchemaReadError {
            if let underlying = error.underlying { return .failure(classify(underlying)) }
            return .failure(.corrupt(message: error.message))
        } catch {
            return .failure(.cannotOpen(message: "\(error)"))
        }
    }

    static func classify(_ error: SQLiteError) -> DatabaseLoadProblem {
        // SQLITE_READONLY_ROLLBACK: not a permission problem, whatever SQLite's text says.
        if error.extendedCode == 776 {
            return .cannotOpen(message: "it has a hot journal (its -journal file) left by an application that stopped in the middle of a write; SQLite rolls that write back the next time the database is opened for writing (start the application once, or run `sqlite3 <database> 'PRAGMA schema_version'`)")
        }
        if error.isBusy { return .busy(message: error.message) }
        if error.code == 26 /* SQLITE_NOTADB */ { return .notADatabase }
        if error.isCorrupt { return .corrupt(message: error.message) }
        return .cannotOpen(message: error.message)
    }
}

extension FileBytes {
    /// The first `count` bytes of a regular file (fewer when it is shorter).
    static func readPrefix(_ path: String, count: Int) -> Result<[UInt8], FileReadProblem> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.unreadable(reason: lastErrorDescription())) }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                #if canImport(Glibc)
                return Glibc.read(descriptor, base + filled, count - filled)
                #else
                return Darwin.read(descriptor, base + filled, count - filled)
                #endif
            }
            if read < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(reason: lastErrorDescription()))
            }
            if read == 0 { break }
            filled += read
        }
        return .success(Array(buffer[0..<filled]))
    }
}

enum MonotonicClock {
    static func milliseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int(time.tv_sec) * 1000 + Int(time.tv_nsec) / 1_000_000
    }
}
