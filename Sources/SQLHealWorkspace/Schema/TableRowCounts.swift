import Foundation
import SQLHealAnalysis
import SQLHealSQLite
import Synchronization

/// How many rows the tables of a database hold, for hovers: counted in the background on a
/// read-only connection, at most one count at a time, and kept until the file changes (its size
/// or modification time). A count that would take long (a table of millions of rows) stops after
/// a budget and says so ("more than N" is not known then: the table is "large").
public final class TableRowCounts: Sendable {
    /// What is known of one table's rows.
    public enum Count: Sendable, Hashable {
        case exact(Int)
        /// The count did not finish within the budget.
        case large
    }

    private struct FileStamp: Hashable {
        var size: Int
        var modified: Date
    }

    private struct State {
        var stamp: FileStamp?
        var counts: [String: Count] = [:]
        var counting: Set<String> = []
    }

    /// About 0.1 s of SQLite's virtual machine on a laptop; enough for tables of a few hundred
    /// thousand rows.
    static let instructionBudget = 20_000_000

    private let databasePath: String
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "sqlheal.row-counts", qos: .utility)

    public init(databasePath: String) {
        self.databasePath = databasePath
    }

    /// The count of `table` if it was counted on the database as it is now; otherwise `nil`, and
    /// a count starts in the background (the next hover shows it). `whenCounted` runs after that count.
    public func count(of table: String, whenCounted: (@Sendable () -> Void)? = nil) -> Count? {
        let key = table.lowercased()
        let stamp = Self.stamp(of: databasePath)
        let (known, start) = state.withLock { state -> (Count?, Bool) in
            if state.stamp != stamp {
                state.stamp = stamp
                state.counts = [:]
            }
            if let count = state.counts[key] { return (count, false) }
            guard stamp != nil, !state.counting.contains(key) else { return (nil, false) }
            state.counting.insert(key)
            return (nil, true)
        }
        if start {
            queue.async { [self] in
                let counted = Self.countRows(of: table, in: databasePath)
                state.withLock { state in
                    state.counting.remove(key)
                    if let counted, state.stamp == stamp { state.counts[key] = counted }
                }
                whenCounted?()
            }
        }
        return known
    }

    private static func stamp(of path: String) -> FileStamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int,
              let modified = attributes[.modificationDate] as? Date else { return nil }
        return FileStamp(size: size, modified: modified)
    }

    /// `SELECT count(*)` on a read-only connection that never creates the file, within the budget.
    static func countRows(of table: String, in path: String) -> Count? {
        guard FileKind.of(path) == .regularFile, let connection = try? SQLiteConnection(path: path, mode: .readOnly, busyTimeoutMilliseconds: 200) else { return nil }
        try? connection.setQueryOnly()
        let quoted = "\"" + table.replacing("\"", with: "\"\"") + "\""
        do {
            let value = try connection.withInstructionLimit(instructionBudget) { try connection.scalar("SELECT count(*) FROM main.\(quoted)") }
            return value?.integerValue.map { .exact(Int($0)) }
        } catch let error as SQLiteError where error.code == 9 {  // SQLITE_INTERRUPT: past the budget
            return .large
        } catch {
            return nil
        }
    }
}
