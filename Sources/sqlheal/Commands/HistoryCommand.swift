import ArgumentParser
import Foundation
import SQLHealRepair
import SQLHealWorkspace

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Lists the applied schema repairs and code fixes, newest first.",
        discussion: """
            The history lives in .sqlheal/history/ beside the project (never in your database); backups are kept in .sqlheal/backups/. Undo an entry with `sqlheal rollback ID` (an unambiguous prefix of the id is enough). An entry file sqlheal will not act on (a symbolic link, unreadable, or naming paths outside the project) is listed as refused, with the reason (on stderr with --json).
            """
    )

    @OptionGroup var project: ProjectRootOptions

    @Flag(name: .long, help: "Print the entries as a JSON array (the journal's own format).")
    var json = false

    func run() async throws {
        let root = project.resolvedRoot
        let journal = HistoryJournal(projectRoot: root)
        // The same rule as `rollback`: the configured database may lie outside the project.
        let listing = try journal.listing(configuredDatabasePath: WorkspaceConfiguration.load(root: root).databasePath)
        let entries = listing.entries
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            for refused in listing.refused { StandardError.write("sqlheal history: \(HistoryListing.describe(refused))\n") }
            return
        }
        if entries.isEmpty && listing.refused.isEmpty {
            print("No repairs or fixes recorded in \(journal.historyDirectory).")
            return
        }
        if !entries.isEmpty { print(HistoryListing.render(entries)) }
        for refused in listing.refused { print(HistoryListing.describe(refused)) }
    }
}

/// The table `sqlheal history` prints.
enum HistoryListing {
    static func render(_ entries: [HistoryEntry]) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var lines: [String] = []
        let idWidth = max(2, entries.map(\.id.count).max() ?? 0)
        lines.append(pad("ID", idWidth) + "  " + pad("WHEN (UTC)", 19) + "  " + pad("KIND", 8) + "  " + pad("RESULT", 11) + "  SUMMARY")
        for entry in entries {
            let result = entry.rolledBack ? "rolled back" : entry.result.status.rawValue
            lines.append(pad(entry.id, idWidth) + "  " + pad(formatter.string(from: entry.timestamp), 19) + "  "
                         + pad(entry.kind.rawValue, 8) + "  " + pad(result, 11) + "  " + entry.summary)
            let indent = String(repeating: " ", count: idWidth + 2)
            // What was applied and what was held back, and why (held back by design is not "partial").
            let heldBack = entry.steps.filter { $0.status == .skipped && $0.disposition != .notNeeded }
            if entry.kind == .repair, !entry.steps.isEmpty {
                let applied = entry.steps.count { $0.status == .applied }
                lines.append(indent + "applied \(applied), held back \(heldBack.count)")
            }
            for step in heldBack { lines.append(indent + "held back \(step.id): \(step.note ?? "")") }
            // A failed repair's backup is deleted once the database is confirmed unchanged.
            if let database = entry.database, FileManager.default.fileExists(atPath: database.backupPath) {
                lines.append(String(repeating: " ", count: idWidth + 2) + "backup: \(database.backupPath)")
            }
            for file in entry.files { lines.append(String(repeating: " ", count: idWidth + 2) + "file: \(file.originalPath)") }
        }
        return lines.joined(separator: "\n")
    }

    /// `refused 2026…-repair-0001 (.sqlheal/history/….json): its file is a symbolic link: …; rollback will not act on it`
    static func describe(_ refused: HistoryJournal.RefusedEntry) -> String {
        "refused \(refused.id) (\(refused.path)): \(refused.reason); rollback will not act on it"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
