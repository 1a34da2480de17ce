import Foundation
import Testing
import SQLHealSQLite
@testable import SQLHealWorkspace

/// Row counts for hovers: counted off the caller's thread on a read-only connection, kept until
/// the database file changes.
@Suite struct TableRowCountsTests {
    @Test func countsInTheBackgroundAndForgetsWhenTheFileChanges() async throws {
        let project = try TemporaryProject()
        let path = project.path("app.db")
        do {
            let connection = try SQLiteConnection(path: path, mode: .readWriteCreate)
            try connection.execute("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT); INSERT INTO audit_log (action) VALUES ('a'), ('b'), ('c');")
        }
        let counts = TableRowCounts(databasePath: path)
        await withCheckedContinuation { (counted: CheckedContinuation<Void, Never>) in
            #expect(counts.count(of: "audit_log", whenCounted: { counted.resume() }) == nil, "not counted yet: the caller never waits")
        }
        #expect(counts.count(of: "AUDIT_LOG") == .exact(3))

        // Another row (and the file's size or time with it): counted again.
        do {
            let connection = try SQLiteConnection(path: path, mode: .readWrite)
            try connection.execute("INSERT INTO audit_log (action) VALUES ('d'); CREATE TABLE padding (b BLOB); INSERT INTO padding VALUES (zeroblob(70000));")
        }
        await withCheckedContinuation { (counted: CheckedContinuation<Void, Never>) in
            #expect(counts.count(of: "audit_log", whenCounted: { counted.resume() }) == nil)
        }
        #expect(counts.count(of: "audit_log") == .exact(4))
        #expect(FileManager.default.fileExists(atPath: path + "-journal") == false)
    }

    @Test func aMissingDatabaseOrTableCountsNothingAndCreatesNoFile() async throws {
        let project = try TemporaryProject()
        let missing = project.path("none.db")
        #expect(TableRowCounts(databasePath: missing).count(of: "t") == nil)
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(TableRowCounts.countRows(of: "nosuch", in: missing) == nil)
    }
}

/// Which tracked table names a file mentions (for `unused-table`): whole words, any case.
@Suite struct WordScannerTests {
    @Test func wholeWordsInAnyCase() {
        let text = Array("const q = `SELECT * FROM Users u JOIN user_roles r`; // users_old, xusers, ORDERS".utf8)
        #expect(WordScanner.words(in: text, among: ["users", "orders", "roles", "user_roles"]) == ["users", "orders", "user_roles"])
        #expect(WordScanner.words(in: text, among: []) == [])
        #expect(WordScanner.words(in: Array("users".utf8), among: ["users"]) == ["users"])
    }
}
