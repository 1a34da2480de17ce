import Foundation
import SQLHealAnalysis
import SQLHealSQLite

/// Whether the configured database's pages are sound. The schema lives on the first page, so a
/// file whose schema reads fine can still hold damaged tables: then query results are in doubt
/// and `sqlheal repair` refuses to write. `PRAGMA quick_check` reads every page (O(size of the
/// file)), so the command line runs it once per check, not on every keystroke.
public enum DatabaseIntegrity {
    /// What `quick_check` reports (its first problems), or `nil` when it says `ok`, or when the
    /// file cannot be opened at all (the schema reader's finding says why).
    public static func damage(ofDatabaseAt path: String) -> String? {
        guard FileKind.of(path) == .regularFile,
              let connection = try? SQLiteConnection(path: path, mode: .readOnly, busyTimeoutMilliseconds: 500) else { return nil }
        do {
            let messages = try connection.rows("PRAGMA quick_check(5)").compactMap { $0.first?.textValue }
            return messages == ["ok"] ? nil : describe(quickCheckMessages: messages)
        } catch let error as SQLiteError {
            return error.isCorrupt ? error.message : nil
        } catch {
            return nil
        }
    }

    /// `quick_check`'s rows on one line: its first row carries a `*** in database main ***`
    /// banner and several problems separated by newlines.
    public static func describe(quickCheckMessages messages: [String]) -> String {
        messages.flatMap { $0.split(separator: "\n") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !($0.hasPrefix("***") && $0.hasSuffix("***")) }
            .prefix(5).joined(separator: "; ")
    }

    /// The `database-damaged` error, on the first line of the database file, or `nil` when sound.
    public static func finding(databasePath: String, root: String) -> FileFinding? {
        guard let damage = damage(ofDatabaseAt: databasePath) else { return nil }
        let display = WorkspacePath.display(databasePath, root: root)
        let message = "the database \(display) is damaged (quick_check: \(damage)): queries may fail or return wrong rows, "
            + "and sqlheal repair refuses to write to it. Restore it from a backup (or recover it with `sqlite3 \(display) .recover`)"
        return FileFinding(
            path: databasePath,
            finding: Finding(code: .databaseDamaged, severity: .error, range: 0..<0, message: message),
            start: TextPosition(line: 0, column: 0),
            end: TextPosition(line: 0, column: 0))
    }
}
