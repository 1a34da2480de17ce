import Foundation
import SQLHealAnalysis
import SQLHealSQLite

/// The one judge of whether a database file is damaged. `sqlheal check`, `watch`, the MCP tools,
/// the language server and the repair (planning, its preflight, the check after its steps, the
/// backup and rollback verifications) all ask ``damage(of:check:)`` and read SQLite's answer the
/// same way, so no two of them can call one file sound and damaged.
///
/// The schema lives on the first page, so a file whose schema reads fine can still hold damaged
/// tables: then query results are in doubt and the repair refuses to write.
public enum DatabaseIntegrity {
    /// Which of SQLite's two checks runs.
    ///
    /// Why two: `integrity_check` also proves that every index holds exactly its table's rows (and
    /// that UNIQUE holds), which `quick_check` skips; that costs O(N log N) instead of O(N). On a
    /// 260 MB database (1.5 M rows, three indexes) quick_check took 0.5 s and integrity_check 8.9 s.
    /// A repair copies tables through their indexes and re-creates UNIQUE indexes, so an index that
    /// disagrees with its table would make it copy the wrong rows or fail half-way: everything that
    /// decides a write uses ``full``, and so does `sqlheal check`, run once (so that check and repair
    /// agree about a file). What re-runs on its own (watch on every change and interval, the server
    /// on every schema reload, MCP calls) uses ``quick``: damaged pages are found there too, an index
    /// out of step with its table only by `check` and by the repair, which refuses with the reason.
    public enum Check: String, Sendable, Hashable, Codable {
        /// `PRAGMA quick_check`: every page, b-tree and record, NOT NULL and CHECK constraints.
        case quick = "quick_check"
        /// `PRAGMA integrity_check`: all of the above, and every index against its table.
        case full = "integrity_check"

        /// The statement, as the repair's plan prints and runs it. With a limit because, without
        /// one, both checks give up on a damaged page with "database disk image is malformed"
        /// after collecting their problems; stopping at the limit returns them instead.
        public var pragma: String { "PRAGMA main.\(rawValue)(\(DatabaseIntegrity.problemLimit))" }
    }

    /// What the check found wrong.
    public struct Damage: Sendable, Hashable, CustomStringConvertible {
        /// The check that found it; `nil` when SQLite failed to read the file at all (`SQLITE_CORRUPT`,
        /// `SQLITE_NOTADB`) before or instead of a check's verdict.
        public var check: Check?
        /// SQLite's first problems, one a line, without its `*** in database main ***` banners.
        public var problems: [String]

        public init(check: Check?, problems: [String]) {
            self.check = check
            self.problems = problems
        }

        /// `integrity_check: row 3 missing from index i; …`
        public var description: String {
            (check.map { "\($0.rawValue): " } ?? "") + problems.joined(separator: "; ")
        }
    }

    /// How many problems a check collects (more add nothing a person can act on).
    public static let problemLimit = 5

    /// Runs `check` on `connection`: `nil` when SQLite says `ok`. A read that fails because the file
    /// is damaged is damage too; any other error (busy, I/O) is thrown, since it says nothing of the file.
    public static func damage(of connection: SQLiteConnection, check: Check) throws -> Damage? {
        do {
            return damage(check: check, rows: try connection.rows(check.pragma))
        } catch let error as SQLiteError where error.isCorrupt {
            return Damage(check: nil, problems: [error.message])
        }
    }

    /// Reads the rows of `check`'s statement: the repair's executor runs that statement itself, as
    /// its plan prints it, and hands the rows here.
    public static func damage(check: Check, rows: [[SQLiteValue]]) -> Damage? {
        let messages = rows.compactMap { $0.first?.textValue }
        guard messages != ["ok"] else { return nil }
        let problems = messages.flatMap { $0.split(separator: "\n") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !($0.hasPrefix("***") && $0.hasSuffix("***")) }
        return Damage(check: check, problems: problems.isEmpty ? ["no answer"] : Array(problems.prefix(problemLimit)))
    }

    /// ``damage(of:check:)`` on the file at `path`, opened read-only. `nil` also when the path is
    /// not a regular file or cannot be opened: the schema reader's finding says why.
    public static func damage(ofDatabaseAt path: String, check: Check) -> Damage? {
        guard FileKind.of(path) == .regularFile,
              let connection = try? SQLiteConnection(path: path, mode: .readOnly, busyTimeoutMilliseconds: 500) else { return nil }
        return try? damage(of: connection, check: check)
    }

    /// The `database-damaged` error, on the first line of the database file, or `nil` when sound.
    public static func finding(databasePath: String, root: String, check: Check) -> FileFinding? {
        guard let damage = damage(ofDatabaseAt: databasePath, check: check) else { return nil }
        return finding(databasePath: databasePath, root: root, damage: damage)
    }

    /// The `database-damaged` error for `damage` found in the database at `databasePath`.
    public static func finding(databasePath: String, root: String, damage: Damage) -> FileFinding {
        let display = WorkspacePath.display(databasePath, root: root)
        let message = "the database \(display) is damaged (\(damage)): queries may fail or return wrong rows, "
            + "and sqlheal repair refuses to write to it. Restore it from a backup (or recover it with `sqlite3 \(display) .recover`)"
        return FileFinding(
            path: databasePath,
            finding: Finding(code: .databaseDamaged, severity: .error, range: 0..<0, message: message),
            start: TextPosition(line: 0, column: 0),
            end: TextPosition(line: 0, column: 0))
    }
}
