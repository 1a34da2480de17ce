import Foundation
import SQLHealSQLite

/// A fresh temporary folder per test, removed by the caller with `remove()`.
struct TemporaryDirectory {
    let path: String

    init(_ label: String = "repair") {
        path = NSTemporaryDirectory() + "sqlheal-\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) throws {
        let full = file(name)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: file(name)).map { String(decoding: $0, as: UTF8.self) }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Creates a database file from a script.
func makeDatabase(at path: String, _ script: String) throws {
    let connection = try SQLiteConnection(path: path, mode: .readWriteCreate)
    try connection.execute(script)
}

/// Every row of every ordinary table (plus rowids where they exist), for before/after comparisons.
func dumpRows(_ connection: SQLiteConnection, table: String) throws -> [[SQLiteValue]] {
    try connection.rows("SELECT * FROM \"\(table.replacingOccurrences(of: "\"", with: "\"\""))\" ORDER BY 1")
}
