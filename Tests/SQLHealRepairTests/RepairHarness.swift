import Foundation
import SQLHealAnalysis
import SQLHealRepair
import SQLHealSQLite
import Testing

/// One adversarial case: a database, what the migrations declare (and/or the code uses), which
/// steps to request, and what must hold afterwards.
struct RepairCase: CustomTestStringConvertible, Sendable {
    var name: String
    var setup: String
    /// DDL the migrations declare; `nil` for none.
    var migrations: String?
    var usage: [TableUsage] = []
    var only: [String] = []
    var policy: ConversionPolicy = .refuse
    var journalMode: String? = nil
    var expectedApplied: [String]
    var expectedSkipped: [String] = []
    /// Run after the repair (foreign keys on), before ``checks``: proves triggers, counters and
    /// constraints still work.
    var postScript: String? = nil
    /// Queries and the rows they must return after the repair (and ``postScript``).
    var checks: [(String, [[SQLiteValue]])] = []
    /// Rows the repair may legitimately change (the converted column), excluded from the
    /// before/after comparison: `table.column`.
    var changedColumns: [String] = []

    var testDescription: String { name }
}

/// Runs a ``RepairCase`` on a real file in a temporary project and checks the invariants every
/// repair must keep: zero rows lost, every untouched value identical, integrity and foreign keys
/// clean (no new violations), every index/trigger/view still there, the dry run equal to what ran.
struct RepairHarness {
    let folder = TemporaryDirectory("adversarial")
    var databasePath: String { folder.file("app.db") }
    var journal: HistoryJournal { HistoryJournal(projectRoot: folder.path) }

    func prepare(_ testCase: RepairCase) throws -> SQLiteConnection? {
        let connection = try SQLiteConnection(path: databasePath, mode: .readWriteCreate)
        if let mode = testCase.journalMode { try connection.execute("PRAGMA journal_mode = \(mode)") }
        try connection.execute(testCase.setup)
        // In WAL mode keep this connection open so the -wal file stays live with unmerged pages.
        return testCase.journalMode == "wal" ? connection : nil
    }

    func declaredSchema(_ testCase: RepairCase) throws -> SchemaSnapshot? {
        guard let migrations = testCase.migrations else { return nil }
        return try SchemaSnapshot(replayingDDL: migrations)
    }

    func plan(_ testCase: RepairCase) throws -> RepairPlan {
        try RepairPlanner.plan(RepairRequest(
            databasePath: databasePath, declaredSchema: declaredSchema(testCase), codeUsage: testCase.usage,
            only: testCase.only, conversionPolicy: testCase.policy, previousRepair: try journal.latestRepair(ofDatabaseAt: databasePath)))
    }

    func run(_ testCase: RepairCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
        defer { folder.remove() }
        let keepAlive = try prepare(testCase)
        let before = try DatabaseState.read(databasePath)
        let plan = try plan(testCase)
        #expect(plan.steps.map(\.id) == testCase.expectedApplied, "applied steps", sourceLocation: sourceLocation)
        #expect(plan.skippedSteps.map(\.id) == testCase.expectedSkipped, "skipped: \(plan.skippedSteps.map(\.reason))", sourceLocation: sourceLocation)
        let outcome = try RepairExecutor.apply(plan, options: .init(journal: journal))
        // The dry run is the executed log.
        let printed = plan.steps.isEmpty ? [] : plan.allStatements.map(\.sql)
        #expect(outcome.executedStatements == printed, "dry run equals the executed log", sourceLocation: sourceLocation)
        // …and the printed dry run shows each executed statement, in order.
        let dryRun = plan.dryRunText()
        var searchFrom = dryRun.startIndex
        for statement in outcome.executedStatements {
            guard let found = dryRun.range(of: statement + ";", range: searchFrom..<dryRun.endIndex) else {
                Issue.record("dry run lacks `\(statement)`", sourceLocation: sourceLocation)
                break
            }
            searchFrom = found.upperBound
        }
        withExtendedLifetime(keepAlive) {}

        let after = try DatabaseState.read(databasePath)
        let database = try SQLiteConnection(path: databasePath, mode: .readOnly)
        #expect(try database.rows("PRAGMA integrity_check") == [[.text("ok")]], sourceLocation: sourceLocation)
        let newViolations = Set(after.foreignKeyViolations).subtracting(before.foreignKeyViolations)
        #expect(newViolations.isEmpty, "new foreign key violations: \(newViolations)", sourceLocation: sourceLocation)
        for (table, rows) in before.rowsByTable {
            let lowered = table.lowercased()
            guard let afterRows = after.rowsByTable[table] else {
                Issue.record("table \(table) disappeared", sourceLocation: sourceLocation)
                continue
            }
            #expect(afterRows.count == rows.count, "rows lost in \(table)", sourceLocation: sourceLocation)
            // Every value of every column the repair did not set out to change is identical.
            for (column, values) in before.columnsByTable[table] ?? [:]
            where !testCase.changedColumns.contains("\(lowered).\(column.lowercased())") {
                #expect(after.columnsByTable[table]?[column] == values, "values of \(table).\(column) changed", sourceLocation: sourceLocation)
            }
        }
        for name in before.objectNames where !name.hasPrefix("sqlite_autoindex") {
            #expect(after.objectNames.contains(name), "\(name) disappeared", sourceLocation: sourceLocation)
        }
        for view in after.viewNames {
            #expect(throws: Never.self, "view \(view) still works", sourceLocation: sourceLocation) {
                _ = try database.rows("SELECT * FROM \"\(view)\"")
            }
        }
        if let postScript = testCase.postScript {
            let writer = try SQLiteConnection(path: databasePath, mode: .readWrite)
            try writer.execute("PRAGMA foreign_keys = ON")
            try writer.execute(postScript)
        }
        for (query, expected) in testCase.checks {
            #expect(try database.rows(query) == expected, "\(query)", sourceLocation: sourceLocation)
        }
        let leftovers = after.objectNames.filter { $0.lowercased().hasPrefix("sqlheal") }.subtracting(before.objectNames)
        #expect(leftovers.isEmpty, "no temporary table left", sourceLocation: sourceLocation)
    }
}

/// Everything a repair must not lose, read through a fresh connection.
struct DatabaseState {
    /// Table → rows ordered by rowid (or primary key), with the rowid first where there is one.
    var rowsByTable: [String: [[SQLiteValue]]] = [:]
    /// Table → column → values in row order (keyed by rowid/primary key order).
    var columnsByTable: [String: [String: [SQLiteValue]]] = [:]
    var foreignKeyViolations: [[SQLiteValue]] = []
    var objectNames: Set<String> = []
    var viewNames: [String] = []

    static func read(_ path: String) throws -> DatabaseState {
        let connection = try SQLiteConnection(path: path, mode: .readOnly)
        var state = DatabaseState()
        state.foreignKeyViolations = try connection.rows("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
        for row in try connection.rows("SELECT type, name FROM sqlite_schema") {
            if let name = row[1].textValue { state.objectNames.insert(name) }
            if row[0].textValue == "view", let name = row[1].textValue { state.viewNames.append(name) }
        }
        let tables = try connection.rows("""
            SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite%'
            """)
        for table in tables {
            guard let name = table[0].textValue else { continue }
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let columns = try connection.rows("SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0", [.text(name)]).compactMap { $0.first?.textValue }
            let withoutRowid = table[1].integerValue == 1
            let rowidName = ["rowid", "_rowid_", "oid"].first { candidate in !columns.contains { $0.lowercased() == candidate } }
            let order = withoutRowid || rowidName == nil ? "ORDER BY 1" : "ORDER BY \(rowidName!)"
            let select = (withoutRowid || rowidName == nil ? [] : [rowidName!]) + columns.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            let rows = try connection.rows("SELECT \(select.joined(separator: ", ")) FROM \(quoted) \(order)")
            state.rowsByTable[name] = rows
            let offset = select.count - columns.count
            var byColumn: [String: [SQLiteValue]] = [:]
            for (index, column) in columns.enumerated() { byColumn[column] = rows.map { $0[index + offset] } }
            if offset == 1 { byColumn["rowid"] = rows.map { $0[0] } }
            state.columnsByTable[name] = byColumn
        }
        return state
    }
}
