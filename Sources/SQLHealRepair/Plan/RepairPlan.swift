import Foundation
import SQLHealSQLite
import SQLHealWorkspace

/// The kinds of repair step. The raw values are the step kinds of the CONTRACT.
public enum RepairStepKind: String, Sendable, Hashable, Codable, CaseIterable {
    case createTable = "create-table"
    case addColumn = "add-column"
    case changeColumnType = "change-column-type"
    /// Only when requested by id: renames the table out of the way, keeping every row.
    case archiveTable = "archive-table"
}

/// What a lossy type change would do to the data, found before anything is written.
public struct ConversionLossReport: Sendable, Hashable, Codable {
    public struct Sample: Sendable, Hashable, Codable {
        /// `rowid 7`, or the primary key of a WITHOUT ROWID table.
        public var rowKey: String
        /// The value as stored, SQL-quoted (`'042'`).
        public var value: String
        /// What `CAST` would make of it (`42`).
        public var converted: String

        public init(rowKey: String, value: String, converted: String) {
            self.rowKey = rowKey
            self.value = value
            self.converted = converted
        }
    }

    /// Rows whose value the conversion would change.
    public var changedRowCount: Int
    /// Groups of rows that would collide in a UNIQUE / PRIMARY KEY after the conversion.
    public var collisionGroupCount: Int
    /// The first rows that would change.
    public var samples: [Sample]

    public var isLossless: Bool { changedRowCount == 0 && collisionGroupCount == 0 }

    public var summary: String {
        var parts: [String] = []
        if changedRowCount > 0 {
            let shown = samples.map { "\($0.rowKey): \($0.value) → \($0.converted)" }.joined(separator: ", ")
            parts.append("\(changedRowCount) value(s) would change (\(shown)\(changedRowCount > samples.count ? ", …" : ""))")
        }
        if collisionGroupCount > 0 {
            parts.append("\(collisionGroupCount) group(s) of rows would collide in a UNIQUE or PRIMARY KEY")
        }
        return parts.joined(separator: "; ")
    }
}

/// What to do with values a type change cannot convert exactly. Chosen explicitly by the user;
/// the default refuses the step (the rest of the plan still runs).
public enum ConversionPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Skip the type change while any value would change (the default).
    case refuse
    /// Store what `CAST` makes of every value (`'3.9'` → 3, `'abc'` → 0). Loses data, on purpose.
    case cast
    /// Store NULL where the value cannot be converted exactly; convert the rest.
    case null
}

/// One statement of a repair script, with what it must return when it is a verification.
public struct PlannedStatement: Sendable, Hashable {
    public enum Expectation: Sendable, Hashable {
        /// Run it; rows, if any, are ignored.
        case none
        /// The first column of the first row must equal this value, else the repair stops and
        /// rolls back. `proves` says what was verified: a failure is reported by it, never by
        /// reading the SQL text.
        case firstValue(SQLiteValue, proves: Verification)
        /// The database-damage check (``DatabaseIntegrity``): its rows must be exactly `ok`, else
        /// the repair stops, rolls back and reports the database as damaged.
        case databaseSound(DatabaseIntegrity.Check, when: IntegrityMoment)
    }

    /// What a verification proves; a failed one becomes the ``RepairError`` of its kind.
    public enum Verification: Sendable, Hashable {
        /// `PRAGMA foreign_keys` as the connection had it (restored at the end).
        case foreignKeysSetting
        /// `PRAGMA foreign_keys` reads 0, so `DROP TABLE` cannot cascade.
        case foreignKeysOff
        /// `PRAGMA schema_version` has not moved since planning.
        case schemaUnchanged
        /// The steps add no foreign key violation to the baseline taken before them.
        case noNewForeignKeyViolations
        /// One of a step's own checks (row counts, `EXCEPT` comparisons, exact conversions).
        case step(String)

        /// How the dry run and a failure name it.
        public var meaning: String {
            switch self {
            case .foreignKeysSetting: "the connection's setting, restored at the end"
            case .foreignKeysOff: "foreign keys are off, so DROP TABLE cannot cascade"
            case .schemaUnchanged: "the schema has not changed since planning"
            case .noNewForeignKeyViolations: "no new foreign key violations"
            case .step(let meaning): meaning
            }
        }
    }

    /// When the damage check runs.
    public enum IntegrityMoment: Sendable, Hashable {
        /// Before anything is written: the file is not damaged.
        case beforeWriting
        /// After the steps, before `COMMIT`: the repaired database is sound.
        case afterSteps

        var meaning: String {
            switch self {
            case .beforeWriting: "the file is not damaged"
            case .afterSteps: "the repaired database is sound"
            }
        }
    }

    public var sql: String
    public var expectation: Expectation
    /// The step this statement belongs to; `nil` for the frame (pragmas, transaction, checks).
    public var stepID: String?

    public init(_ sql: String, expect expectation: Expectation = .none, stepID: String? = nil) {
        self.sql = sql
        self.expectation = expectation
        self.stepID = stepID
    }

    /// The statement as the dry run prints it: with `;` and, for a verification, the expected value.
    public var printed: String {
        switch expectation {
        case .none: return sql + ";"
        case .firstValue(let value, let verification): return sql + ";  -- expect \(Self.literal(value)): \(verification.meaning)"
        case .databaseSound(_, let moment): return sql + ";  -- expect 'ok': \(moment.meaning)"
        }
    }

    static func literal(_ value: SQLiteValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .text(let text): SQLIdentifier.literal(text)
        case .blob(let bytes): "X'" + bytes.map { String(format: "%02X", $0) }.joined() + "'"
        }
    }
}

/// One repair step. The ids are fixed across the project (code actions name them):
/// `create-table:<table>`, `add-column:<table>.<column>`, `change-column-type:<table>.<column>:<TYPE>`,
/// `archive-table:<table>`.
public struct RepairStep: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable, Codable {
        case createTable
        /// `ALTER TABLE … ADD COLUMN`, where SQLite allows it on that table.
        case alterAddColumn
        /// SQLite's 12-step rebuild: new table, copy, verify, drop, rename.
        case rebuild
        case rename
    }

    public var id: String
    public var kind: RepairStepKind
    public var table: String
    public var column: String?
    /// For type changes: the new declared type.
    public var newType: String?
    /// The exact statements of this step, as the executor runs them (verifications included).
    public var statements: [PlannedStatement]
    /// `migrations/003_sessions.sql:4`, or `inferred from 5 uses`, or `requested`.
    public var source: String
    public var method: Method
    /// True for steps that cannot lose data: creating a table, and adding a nullable column with
    /// `ALTER TABLE ADD COLUMN`. `sqlheal watch --apply-safe` applies only these.
    public var cannotLoseData: Bool
    /// For type changes: what the conversion does to the data as planned.
    public var lossReport: ConversionLossReport?
    /// True when a migration declares what the step makes (a table, a column, a type); false for
    /// steps inferred from the code or requested by id. Unattended healing applies only these.
    public var isDeclared: Bool = false

    /// The step's SQL text, in order (the CONTRACT's `sql` field).
    public var sql: [String] { statements.map(\.sql) }
}

/// A step that was asked for or found, but will not run, and why.
public struct SkippedRepairStep: Sendable, Hashable {
    /// Why a step does not run, as far as the exit status and the history are concerned.
    public enum Disposition: String, Sendable, Hashable, Codable {
        /// Requested, but the database already has it: nothing to do.
        case notNeeded = "not-needed"
        /// Waits for a person by design: a name that looks like a typo of an existing one, or
        /// (in unattended healing) anything no migration declares. Runs when requested by id.
        case heldBack = "held-back"
        /// Refused: it would change or lose values, SQLite rejects it, or the previous repair
        /// applied the very same step.
        case refused
    }

    public var id: String
    public var kind: RepairStepKind
    public var table: String
    public var column: String?
    public var source: String
    public var reason: String
    public var lossReport: ConversionLossReport?
    public var disposition: Disposition = .refused

    /// Held back or refused: a person has something to decide (the exit status says so).
    public var needsAttention: Bool { disposition != .notNeeded }
}

/// The complete, literal repair: the executor runs ``script`` statement by statement, and the dry
/// run prints the same list. Nothing is generated at apply time, so what the user reviewed is
/// exactly what runs.
public struct RepairPlan: Sendable, Hashable {
    public var databasePath: String
    /// `PRAGMA schema_version` when planned; applying checks it has not moved.
    public var schemaVersion: Int64
    public var steps: [RepairStep]
    public var skippedSteps: [SkippedRepairStep]
    public var conversionPolicy: ConversionPolicy
    /// Runs before the backup: the damage check.
    public var preflight: [PlannedStatement]
    /// From `PRAGMA foreign_keys = OFF` to `COMMIT`, steps included. The executor takes the
    /// backup right after the `schema_version` check inside the transaction (see ``backupAfterStatementCount``).
    public var script: [PlannedStatement]
    /// Runs after COMMIT, and after ROLLBACK on failure: restores the connection's pragmas.
    public var epilogue: [PlannedStatement]
    /// How many statements of ``script`` run before the backup is taken.
    public var backupAfterStatementCount: Int

    public var isEmpty: Bool { steps.isEmpty }

    /// Steps held back or refused (not the ones merely not needed).
    public var stepsNeedingAttention: [SkippedRepairStep] { skippedSteps.filter(\.needsAttention) }

    /// A step was refused (it would change values, SQLite rejects it, …): the repair is partial
    /// and `sqlheal repair` exits 3. Steps held back by design (typos) do not count.
    public var hasRefusedSteps: Bool { skippedSteps.contains { $0.disposition == .refused } }

    /// `2: a (why); b (why)`: how many steps were held back, which and why; `nil` when none.
    public var heldBackSummary: String? {
        let attention = stepsNeedingAttention
        guard !attention.isEmpty else { return nil }
        return "\(attention.count): " + attention.map { "\($0.id) (\($0.reason))" }.joined(separator: "; ")
    }

    /// Every statement the executor runs when all goes well, in order.
    public var allStatements: [PlannedStatement] { preflight + script + epilogue }

    /// The dry-run text: the steps, the skipped steps with their reasons, then every statement.
    public func dryRunText(backupDescription: String = "a verified backup with SQLite's online backup API into .sqlheal/backups/<id>/database.db") -> String {
        var lines: [String] = ["-- sqlheal repair plan for \(databasePath) (schema_version \(schemaVersion))"]
        if steps.isEmpty { lines.append("-- nothing to repair") }
        for (number, step) in steps.enumerated() {
            let safety = step.cannotLoseData ? "cannot lose data" : "rebuild, verified"
            lines.append("-- step \(number + 1): \(step.id)  [\(step.source); \(safety)]")
        }
        for skipped in skippedSteps {
            lines.append("-- \(skipped.disposition.label): \(skipped.id): \(skipped.reason)")
        }
        guard !steps.isEmpty else { return lines.joined(separator: "\n") + "\n" }
        lines.append("")
        lines.append(contentsOf: preflight.map(\.printed))
        for (index, statement) in script.enumerated() {
            if index == backupAfterStatementCount { lines.append("-- (backup: \(backupDescription); quick_check and row counts verified; plan journaled)") }
            if let stepID = statement.stepID, index == 0 || script[index - 1].stepID != stepID { lines.append("-- \(stepID)") }
            lines.append(statement.printed)
        }
        lines.append(contentsOf: epilogue.map(\.printed))
        lines.append("-- on any failure: ROLLBACK; then the statements after COMMIT above (pragmas restored); the database stays exactly as it was")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension SkippedRepairStep.Disposition {
    /// How the summary, the dry run and `sqlheal history` name it.
    public var label: String {
        switch self {
        case .notNeeded: "not needed"
        case .heldBack, .refused: "held back"
        }
    }
}
