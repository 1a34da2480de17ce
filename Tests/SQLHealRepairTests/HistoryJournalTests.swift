import Foundation
import SQLHealRepair
import SQLHealSQLite
import Testing

@Suite struct HistoryJournalTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesKnownVectors(input: String, expected: String) {
        #expect(ContentHash.sha256Hex(input) == expected)
    }

    @Test func sha256OfAMillionAs() {
        #expect(ContentHash.sha256Hex([UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func entriesComeBackNewestFirstAndByPrefix() throws {
        let folder = TemporaryDirectory("journal")
        defer { folder.remove() }
        let journal = HistoryJournal(projectRoot: folder.path)
        #expect(try journal.entries().isEmpty)
        let older = HistoryEntry(kind: .repair, timestamp: Date(timeIntervalSince1970: 1_000), summary: "older")
        let newer = HistoryEntry(kind: .codeFix, timestamp: Date(timeIntervalSince1970: 2_000), summary: "newer")
        try journal.record(older)
        try journal.record(newer)
        #expect(try journal.entries().map(\.summary) == ["newer", "older"])
        #expect(try journal.entry(id: older.id)?.summary == "older")
        #expect(try journal.entry(id: "19700101") == nil)  // ambiguous prefix
        #expect(FileManager.default.fileExists(atPath: folder.file(".sqlheal/history/\(older.id).json")))
        #expect(folder.read(".sqlheal/.gitignore")?.contains("*") == true)
        let json = folder.read(".sqlheal/history/\(newer.id).json") ?? ""
        #expect(json.contains("\"kind\" : \"code-fix\""))
        #expect(json.contains("\"rolledBack\" : false"))
    }

    @Test func unreadableEntryFilesAreSkipped() throws {
        let folder = TemporaryDirectory("journal")
        defer { folder.remove() }
        let journal = HistoryJournal(projectRoot: folder.path)
        try journal.record(HistoryEntry(kind: .repair, summary: "fine"))
        try folder.write(".sqlheal/history/broken.json", "{ not json")
        #expect(try journal.entries().map(\.summary) == ["fine"])
        // Not hidden: listed as refused, with why, and never acted on.
        let refused = try journal.listing().refused
        #expect(refused.map(\.id) == ["broken"])
        #expect(refused.first?.reason == "its file is not a history entry sqlheal can read")
        #expect(throws: HistoryError.entryRefused(id: "broken", reason: "its file is not a history entry sqlheal can read")) { try journal.entry(id: "broken") }
    }

    @Test func codeFixRollbackRestoresOnlyUnchangedFiles() throws {
        let folder = TemporaryDirectory("journal")
        defer { folder.remove() }
        try folder.write("src/a.ts", "db.get('SELECT 1', parseInt(id))")
        let journal = HistoryJournal(projectRoot: folder.path)
        var entry = HistoryEntry(kind: .codeFix, summary: "removed parseInt")
        var record = try journal.backUpFile(at: folder.file("src/a.ts"), entryID: entry.id)
        let fixed = "db.get('SELECT 1', id)"
        try folder.write("src/a.ts", fixed)
        record.contentHashAfterChange = ContentHash.sha256Hex(fixed)
        entry.files = [record]
        entry.result = .init(status: .succeeded, message: "1 edit")
        try journal.record(entry)

        // Edited since: refused, untouched.
        try folder.write("src/a.ts", fixed + " // edited")
        #expect(throws: RepairError.filesChangedSinceFix(id: entry.id, paths: [folder.file("src/a.ts")])) {
            try Rollback(journal: journal).run(historyID: nil)
        }
        #expect(folder.read("src/a.ts") == fixed + " // edited")

        try folder.write("src/a.ts", fixed)
        let outcome = try Rollback(journal: journal).run(historyID: nil)
        #expect(outcome.restored)
        #expect(outcome.historyID == entry.id)
        #expect(folder.read("src/a.ts") == "db.get('SELECT 1', parseInt(id))")
        #expect(try journal.entry(id: entry.id)?.rolledBack == true)
        #expect(throws: RepairError.nothingToRollBack) { try Rollback(journal: journal).run(historyID: nil) }
        #expect(throws: RepairError.alreadyRolledBack(entry.id)) { try Rollback(journal: journal).run(historyID: entry.id) }
    }
}

@Suite struct RepairRollbackTests {
    /// Journals a "repair" done by hand: backup, change, fingerprint.
    private func journalHandMadeRepair(_ folder: TemporaryDirectory) throws -> (HistoryJournal, HistoryEntry) {
        let databasePath = folder.file("app.db")
        try makeDatabase(at: databasePath, "CREATE TABLE t(a TEXT); INSERT INTO t VALUES ('1'), ('2');")
        let journal = HistoryJournal(projectRoot: folder.path)
        var entry = HistoryEntry(kind: .repair, summary: "add column b")
        let backupPath = try journal.databaseBackupPath(forEntryID: entry.id)
        let database = try SQLiteConnection(path: databasePath, mode: .readWrite)
        try database.backup(to: SQLiteConnection(path: backupPath, mode: .readWriteCreate))
        try database.execute("ALTER TABLE t ADD COLUMN b INTEGER")
        entry.database = .init(path: databasePath, backupPath: backupPath, fingerprintAfter: try DatabaseFingerprint.compute(database))
        entry.result = .init(status: .succeeded, message: "")
        try journal.record(entry)
        return (journal, entry)
    }

    @Test func restoresTheBackupWhenTheDatabaseIsAsTheRepairLeftIt() throws {
        let folder = TemporaryDirectory("rollback")
        defer { folder.remove() }
        let (journal, entry) = try journalHandMadeRepair(folder)
        let outcome = try Rollback(journal: journal).run(historyID: entry.id)
        #expect(outcome.restored)
        let database = try SQLiteConnection(path: folder.file("app.db"), mode: .readOnly)
        #expect(try database.rows("SELECT name FROM pragma_table_info('t')") == [[.text("a")]])
        #expect(try database.rows("SELECT a FROM t ORDER BY a") == [[.text("1")], [.text("2")]])
        if let replaced = outcome.replacedStateBackupPath {
            let kept = try SQLiteConnection(path: replaced, mode: .readOnly)
            #expect(try kept.scalar("SELECT count(*) FROM pragma_table_info('t')") == .integer(2))
        } else {
            Issue.record("no backup of the replaced state")
        }
    }

    @Test(arguments: ["INSERT INTO t VALUES ('3', 3)", "UPDATE t SET a = 'x' WHERE a = '1'", "CREATE INDEX i ON t(a)"])
    func refusesWhenTheDatabaseChangedSinceUnlessForced(change: String) throws {
        let folder = TemporaryDirectory("rollback")
        defer { folder.remove() }
        let (journal, entry) = try journalHandMadeRepair(folder)
        try SQLiteConnection(path: folder.file("app.db"), mode: .readWrite).execute(change)
        #expect {
            try Rollback(journal: journal).run(historyID: entry.id)
        } throws: { error in
            if case RepairError.databaseChangedSinceRepair = error { return true }
            return false
        }
        let database = try SQLiteConnection(path: folder.file("app.db"), mode: .readOnly)
        #expect(try database.scalar("SELECT count(*) FROM pragma_table_info('t')") == .integer(2))
        let forced = try Rollback(journal: journal).run(historyID: entry.id, options: .init(force: true))
        #expect(forced.restored)
        #expect(try database.scalar("SELECT count(*) FROM pragma_table_info('t')") == .integer(1))
    }
}
