import Foundation
import SQLHealSQLite
import SQLHealWorkspace

/// The frame around the steps: foreign keys off, the write lock, the schema_version check, the
/// foreign key baseline of the tables the repair can affect, the final checks, `COMMIT`.
extension PlanBuilder {
    /// The tables whose foreign keys the repair can affect, existing before and after it: each
    /// table a step rebuilds or alters, and every table whose foreign keys name a table a step
    /// touches. Checking only these keeps a broken foreign key elsewhere in the database (a
    /// "foreign key mismatch", which makes a whole-database check fail) out of the repair's way.
    func foreignKeyCheckedTables() throws -> [String] {
        let touched = Set(steps.map { $0.table.lowercased() })
        var checked: [String] = []
        for table in original.tables.values.sorted(by: { $0.name < $1.name }) where !table.isVirtual {
            let key = table.name.lowercased()
            let stepKinds = Set(steps.filter { $0.table.lowercased() == key }.map(\.kind))
            if stepKinds.contains(.archiveTable) { continue }  // renamed away: its own keys are unchanged
            if !stepKinds.isEmpty {
                checked.append(table.name)
                continue
            }
            let parents = try database.rows("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", [.text(table.name)])
                .compactMap { $0.first?.textValue?.lowercased() }
            if parents.contains(where: touched.contains) { checked.append(table.name) }
        }
        // A foreign key SQLite cannot check at all stops the repair with an explanation, before
        // anything is written.
        for table in checked {
            do {
                _ = try database.rows("SELECT 1 FROM pragma_foreign_key_check(?) LIMIT 1", [.text(table)])
            } catch let error as SQLiteError where error.message.contains("foreign key mismatch") {
                throw try mismatch(in: table, message: error.message)
            }
        }
        return checked
    }

    /// Explains `foreign key mismatch - "child" referencing "parent"` with the parent columns.
    func mismatch(in table: String, message: String) throws -> RepairError {
        let quotedNames = message.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
        let child = quotedNames.first ?? table
        let parent = quotedNames.count > 1 ? quotedNames[1] : "?"
        let columns = try database.rows(
            "SELECT \"to\", \"from\" FROM pragma_foreign_key_list(?) WHERE \"table\" = ? COLLATE NOCASE ORDER BY id, seq", [.text(child), .text(parent)]
        ).map { $0.first?.textValue ?? "its PRIMARY KEY" }
        return .foreignKeyMismatch(child: child, parent: parent, parentColumns: columns.isEmpty ? ["?"] : columns)
    }

    func assemble() throws -> RepairPlan {
        let foreignKeysSetting = foreignKeysInitially == 0 ? "OFF" : "ON"
        let checkedTables = try foreignKeyCheckedTables()
        let violations = checkedTables.map {
            "SELECT \"table\", rowid, parent, fkid FROM pragma_foreign_key_check(\(SQLIdentifier.literal($0)))"
        }.joined(separator: " UNION ALL ")
        let baseline = "temp." + SQLIdentifier.quote(original.unusedName(basedOn: "sqlheal_foreign_key_baseline", avoiding: temporaryNames))
        var script: [PlannedStatement] = [
            PlannedStatement("PRAGMA foreign_keys", expect: .firstValue(.integer(foreignKeysInitially), proves: .foreignKeysSetting)),
            PlannedStatement("PRAGMA foreign_keys = OFF"),
            PlannedStatement("PRAGMA foreign_keys", expect: .firstValue(.integer(0), proves: .foreignKeysOff)),
            PlannedStatement("BEGIN IMMEDIATE"),
            PlannedStatement("PRAGMA schema_version", expect: .firstValue(.integer(original.schemaVersion), proves: .schemaUnchanged)),
        ]
        let backupAfter = script.count
        if !checkedTables.isEmpty {
            script.append(PlannedStatement(
                "CREATE TEMP TABLE \(baseline.dropFirst(5)) AS SELECT \"table\" AS child, rowid AS child_rowid, parent, fkid FROM (\(violations))"))
        }
        for step in steps { script.append(contentsOf: step.statements) }
        if !checkedTables.isEmpty {
            script.append(contentsOf: [
                PlannedStatement(
                    "SELECT count(*) FROM (\(violations) EXCEPT SELECT child, child_rowid, parent, fkid FROM \(baseline))",
                    expect: .firstValue(.integer(0), proves: .noNewForeignKeyViolations)),
                PlannedStatement("DROP TABLE \(baseline)"),
            ])
        }
        script.append(contentsOf: [
            PlannedStatement.integrityCheck(.afterSteps),
            PlannedStatement("COMMIT"),
        ])
        return RepairPlan(
            databasePath: request.databasePath,
            schemaVersion: original.schemaVersion,
            steps: steps,
            skippedSteps: skipped,
            conversionPolicy: request.conversionPolicy,
            preflight: [PlannedStatement.integrityCheck(.beforeWriting)],
            script: script,
            epilogue: [PlannedStatement("PRAGMA foreign_keys = \(foreignKeysSetting)")],
            backupAfterStatementCount: backupAfter)
    }
}

extension PlannedStatement {
    /// The damage check of the plan (``DatabaseIntegrity/Check`` says why these depths). Before
    /// writing: the full `integrity_check`, since the rebuild copies tables through their indexes
    /// and re-creates them. After the steps, inside the write lock: `quick_check` (every page),
    /// since each rebuilt table was just compared row by row with the old one and its indexes were
    /// built fresh by SQLite, and a full check there would hold every other writer out for as long.
    static func integrityCheck(_ moment: IntegrityMoment) -> PlannedStatement {
        let check = depth(of: moment)
        return PlannedStatement(check.pragma, expect: .databaseSound(check, when: moment))
    }

    static func depth(of moment: IntegrityMoment) -> DatabaseIntegrity.Check {
        switch moment {
        case .beforeWriting: .full
        case .afterSteps: .quick
        }
    }
}
