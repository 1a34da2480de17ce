import CSQLite
import Foundation
import SQLHealSQLite
import SQLHealWorkspace

/// Applies a ``RepairPlan`` exactly as planned: it runs the plan's statements literally, one by
/// one, checks every verification's result, and takes the verified backup and journals the plan
/// at the point the plan shows. Any failure rolls the transaction back and restores the
/// connection's pragmas: the database ends either fully repaired or exactly as it was.
///
/// ```swift
/// let outcome = try RepairExecutor.apply(plan, options: .init(journal: HistoryJournal(projectRoot: root)))
/// print(outcome.message)   // "Applied 2 steps to data/app.db. Backup: …; undo with `sqlheal rollback …`"
/// ```
///
/// The backup is taken inside the write transaction (after `BEGIN IMMEDIATE` and the
/// `schema_version` check, before the first change), so no other writer can slip a change in
/// between the backup and the repair: a rollback can never lose someone else's rows.
public enum RepairExecutor {
    public struct Options: Sendable {
        public var journal: HistoryJournal
        /// How long to wait for another connection's lock before giving up (nothing changed).
        public var busyTimeout: Duration
        /// Called before each statement and during the backup, from the applying thread.
        public var progress: (@Sendable (RepairProgress) -> Void)?

        public init(journal: HistoryJournal, busyTimeout: Duration = .seconds(5), progress: (@Sendable (RepairProgress) -> Void)? = nil) {
            self.journal = journal
            self.busyTimeout = busyTimeout
            self.progress = progress
        }
    }

    public struct RepairProgress: Sendable, Hashable {
        public var message: String
        /// 0…1 over the whole repair.
        public var fraction: Double
    }

    public struct Outcome: Sendable, Hashable {
        /// `nil` when the plan had nothing to apply and nothing held back (nothing journaled).
        public var historyID: String?
        public var backupPath: String?
        public var appliedStepIDs: [String]
        public var skippedSteps: [SkippedRepairStep]
        /// Every statement run, in order: equal to ``RepairPlan/allStatements`` when all went well.
        public var executedStatements: [String]
        /// For users: what changed, where the backup is, how to undo.
        public var message: String
    }

    /// Applies the plan. Throws ``RepairError`` (database untouched) on any failure.
    ///
    /// A plan without steps writes nothing to the database; when it held steps back or refused
    /// them, it is journaled all the same (``HistoryEntry/Outcome/Status/nothingApplied``, no
    /// backup), so that `sqlheal history` says what was held back and why.
    public static func apply(_ plan: RepairPlan, options: Options) throws -> Outcome {
        guard !plan.steps.isEmpty else {
            var message = describeEmpty(plan)
            var historyID: String?
            if !plan.stepsNeedingAttention.isEmpty {
                let entry = ExecutionRun.entryApplyingNothing(plan, message: message)
                do {
                    try options.journal.record(entry)
                    historyID = entry.id
                    message += "\nRecorded in the history as \(entry.id) (nothing was written, so there is nothing to roll back)."
                } catch {
                    message += "\n(Not recorded in the history: \(error).)"
                }
            }
            return Outcome(historyID: historyID, backupPath: nil, appliedStepIDs: [], skippedSteps: plan.skippedSteps, executedStatements: [],
                           message: message)
        }
        var run = ExecutionRun(plan: plan, options: options)
        return try run.execute()
    }
}

/// One application of a plan, with the log of what ran.
struct ExecutionRun {
    let plan: RepairPlan
    let options: RepairExecutor.Options
    var executed: [String] = []
    var entry: HistoryEntry?
    var backupPath: String?

    init(plan: RepairPlan, options: RepairExecutor.Options) {
        self.plan = plan
        self.options = options
    }

    private var totalStatements: Int { plan.allStatements.count }

    mutating func execute() throws -> RepairExecutor.Outcome {
        var failure: RepairError
        do {
            let connection = try DatabaseAccess.openForWriting(path: plan.databasePath, busyTimeout: options.busyTimeout)
            do {
                for statement in plan.preflight { try run(statement, on: connection) }
                for (index, statement) in plan.script.enumerated() {
                    if index == plan.backupAfterStatementCount { try backUpAndJournal(connection) }
                    try run(statement, on: connection)
                }
                for statement in plan.epilogue { try run(statement, on: connection) }
                return try recordSuccess(connection)
            } catch {
                failure = classify(error)
                if !connection.isAutocommit { try? connection.execute("ROLLBACK") }
                for statement in plan.epilogue { try? connection.execute(statement.sql) }
            }
        }
        // The writing connection is closed here. After an I/O error SQLite leaves the rollback
        // journal for the next connection to play back, so "nothing was changed" is only claimed
        // once a new connection has read the database and found it equal to the backup.
        if let backupPath, let problem = Self.differenceFromBackup(databasePath: plan.databasePath, backupPath: backupPath,
                                                                   busyTimeout: options.busyTimeout) {
            failure = .unconfirmedAfterFailure(failure, backupPath: backupPath, detail: problem)
        }
        recordFailure(failure)
        throw failure
    }

    /// `nil` when the database holds exactly what the backup holds, otherwise why not.
    static func differenceFromBackup(databasePath: String, backupPath: String, busyTimeout: Duration) -> String? {
        do {
            // Opened for writing so that SQLite can roll back a hot journal left by the failure.
            let database = try DatabaseAccess.openForWriting(path: databasePath, busyTimeout: busyTimeout)
            let now = try DatabaseFingerprint.compute(database)
            let before = try DatabaseFingerprint.compute(SQLiteConnection(path: backupPath, mode: .readOnly))
            if now.contentHash == before.contentHash && now.totalRowCount == before.totalRowCount { return nil }
            return "its content differs from the backup"
        } catch {
            return "reading it failed: \(error)"
        }
    }

    private mutating func run(_ statement: PlannedStatement, on connection: SQLiteConnection) throws {
        executed.append(statement.sql)
        let position = executed.count
        options.progress?(.init(message: progressMessage(statement), fraction: Double(position - 1) / Double(max(1, totalStatements))))
        switch statement.expectation {
        case .none:
            try connection.execute(statement.sql)
        case .firstValue(let expected, let verification):
            let found = try connection.rows(statement.sql).first?.first ?? .null
            if found != expected { throw failure(of: verification, in: statement, expected: expected, found: found) }
        case .databaseSound(let check, _):
            // The plan's own statement, its rows read by the one judge of damage.
            if let damage = DatabaseIntegrity.damage(check: check, rows: try connection.rows(statement.sql)) {
                throw RepairError.databaseCorrupt(path: plan.databasePath, damage: damage)
            }
        }
    }

    private func progressMessage(_ statement: PlannedStatement) -> String {
        let sql = statement.sql
        switch statement.expectation {
        case .databaseSound: return "checking the database"
        case .firstValue(_, .noNewForeignKeyViolations): return "checking foreign keys"
        case .firstValue(_, .schemaUnchanged): return "checking the schema has not changed since planning"
        case .firstValue(_, .foreignKeysOff), .firstValue(_, .foreignKeysSetting): return "foreign keys off for the rebuild, restored after"
        case .firstValue(_, .step), .none: break
        }
        if let stepID = statement.stepID {
            if sql.hasPrefix("INSERT INTO") { return "\(stepID): copying rows" }
            if sql.hasPrefix("SELECT count(*) FROM (SELECT") { return "\(stepID): comparing old and new rows" }
            return "\(stepID)"
        }
        if sql.hasPrefix("PRAGMA foreign_keys") { return "foreign keys off for the rebuild, restored after" }
        if sql == "BEGIN IMMEDIATE" { return "taking the write lock" }
        if sql == "COMMIT" { return "committing" }
        return "cleaning up"
    }

    /// The error a failed verification means, by what it proves.
    private func failure(of verification: PlannedStatement.Verification, in statement: PlannedStatement,
                         expected: SQLiteValue, found: SQLiteValue) -> RepairError {
        switch verification {
        case .schemaUnchanged:
            return .schemaChangedSincePlanning(expected: plan.schemaVersion, found: found.integerValue ?? -1)
        case .foreignKeysOff:
            return .foreignKeysStillOn
        case .noNewForeignKeyViolations:
            return .newForeignKeyViolations(count: Int(found.integerValue ?? 0), sample: "see PRAGMA foreign_key_check")
        case .foreignKeysSetting, .step:
            return .verificationFailed(step: statement.stepID ?? "repair",
                                       reason: "\(verification.meaning): expected \(PlannedStatement.literal(expected)), found \(PlannedStatement.literal(found))")
        }
    }

    private func classify(_ error: Error) -> RepairError {
        if let repairError = error as? RepairError { return repairError }
        if let sqliteError = error as? SQLiteError {
            switch sqliteError.code {
            case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_PERM, SQLITE_CANTOPEN:
                return DatabaseAccess.classify(sqliteError, path: plan.databasePath, busyTimeout: options.busyTimeout)
            default:
                return .statementFailed(sql: executed.last ?? "", message: sqliteError.message)
            }
        }
        if let historyError = error as? HistoryError {
            return .backupFailed(reason: historyError.description)
        }
        return .backupFailed(reason: String(describing: error))
    }

    /// The verified backup, then the journal entry, both before the first change.
    /// The backup is taken with the write lock held, so it is exactly the state being changed.
    private mutating func backUpAndJournal(_ connection: SQLiteConnection) throws {
        let journal = options.journal
        var entry = HistoryEntry(kind: .repair, summary: summary())
        let path = try journal.databaseBackupPath(forEntryID: entry.id)
        backupPath = path
        try? FileManager.default.removeItem(atPath: path)
        let destination: SQLiteConnection
        do {
            destination = try SQLiteConnection(path: path, mode: .readWriteCreate)
        } catch let error as SQLiteError {
            throw RepairError.backupFailed(reason: error.message)
        }
        let progress = options.progress
        let share = Double(executed.count) / Double(max(1, totalStatements))
        do {
            // SQLite's backup refuses a source connection in a write transaction, and this one holds
            // the write lock: read through a second connection, which sees exactly the committed
            // state (nothing is written yet, and the lock keeps every other writer out).
            let reader = try SQLiteConnection(path: plan.databasePath, mode: .readOnly,
                                              busyTimeoutMilliseconds: Int32(clamping: options.busyTimeout.components.seconds * 1000))
            try DatabaseBackup.copy(from: reader, to: destination, busyTimeout: options.busyTimeout) { copied, total in
                progress?(.init(message: "backing up: \(copied)/\(total) pages", fraction: share))
            }
        } catch let error as SQLiteError {
            throw error.code == SQLITE_FULL ? RepairError.diskFull(path: path) : RepairError.backupFailed(reason: error.message)
        }
        if let damage = try DatabaseBackup.verify(copy: destination) { throw RepairError.backupVerificationFailed(reason: damage.description) }
        let sourceCounts = try DatabaseBackup.rowCounts(connection)
        let backupCounts = try DatabaseBackup.rowCounts(destination)
        guard sourceCounts == backupCounts else { throw RepairError.backupVerificationFailed(reason: "row counts differ from the database") }

        entry.steps = plan.steps.map {
            .init(id: $0.id, kind: $0.kind.rawValue, table: $0.table, column: $0.column, sql: $0.sql, source: $0.source, status: .planned)
        } + Self.recorded(plan.skippedSteps)
        entry.statements = plan.allStatements.map(\.sql)
        entry.database = .init(path: plan.databasePath, backupPath: path)
        entry.result = .init(status: .pending, message: "applying")
        try journal.record(entry)
        self.entry = entry
    }

    private func summary() -> String {
        let name = (plan.databasePath as NSString).lastPathComponent
        return "\(name): " + plan.steps.map(\.id).joined(separator: ", ")
    }

    static func recorded(_ skipped: [SkippedRepairStep]) -> [HistoryEntry.RecordedStep] {
        skipped.map {
            .init(id: $0.id, kind: $0.kind.rawValue, table: $0.table, column: $0.column, sql: [], source: $0.source, status: .skipped,
                  note: $0.reason, disposition: $0.disposition)
        }
    }

    /// The journal entry of a plan whose every step was held back or refused: no database record
    /// (nothing written, no backup), the steps with their reasons.
    static func entryApplyingNothing(_ plan: RepairPlan, message: String) -> HistoryEntry {
        let name = (plan.databasePath as NSString).lastPathComponent
        var entry = HistoryEntry(kind: .repair, summary: "\(name): nothing applied, held back " + plan.stepsNeedingAttention.map(\.id).joined(separator: ", "))
        entry.steps = recorded(plan.skippedSteps)
        entry.result = .init(status: .nothingApplied, message: message)
        return entry
    }

    private mutating func recordFailure(_ failure: RepairError) {
        guard var entry else { return }
        entry.result = .init(status: .failed, message: failure.description)
        entry.steps = entry.steps.map { step in
            var step = step
            if step.status == .planned { step.status = .failed }
            return step
        }
        try? options.journal.record(entry)
        // Nothing changed (confirmed above): the backup is a copy of the database as it still is.
        if case .unconfirmedAfterFailure = failure { return }
        if let backupPath {
            try? FileManager.default.removeItem(atPath: backupPath)
            // The entry's own backup folder, now empty.
            try? FileManager.default.removeItem(atPath: (backupPath as NSString).deletingLastPathComponent)
        }
    }

    private mutating func recordSuccess(_ connection: SQLiteConnection) throws -> RepairExecutor.Outcome {
        let applied = plan.steps.map(\.id)
        let backupText = backupPath ?? "(none)"
        var message = "Repaired \(plan.databasePath): applied \(applied.count) step\(applied.count == 1 ? "" : "s") (\(applied.joined(separator: ", ")))."
        if let heldBack = plan.heldBackSummary { message += " Held back " + heldBack + "." }
        message += " Backup: \(backupText)."
        if let entry { message += " Undo with `sqlheal rollback \(entry.id)`." }
        if var entry {
            entry.steps = entry.steps.map { step in
                var step = step
                if step.status == .planned { step.status = .applied }
                return step
            }
            entry.database?.fingerprintAfter = try? DatabaseFingerprint.compute(connection)
            // "partial" only when a step was refused; steps held back by design (typos) are not a shortfall.
            entry.result = .init(status: plan.hasRefusedSteps ? .partial : .succeeded, message: message)
            try? options.journal.record(entry)
            self.entry = entry
        }
        return RepairExecutor.Outcome(historyID: entry?.id, backupPath: backupPath, appliedStepIDs: applied,
                                      skippedSteps: plan.skippedSteps, executedStatements: executed, message: message)
    }
}

extension RepairExecutor {
    /// What to tell the user when a plan has nothing to apply: "Nothing to repair" only when
    /// nothing was held back either.
    public static func describeEmpty(_ plan: RepairPlan) -> String {
        let attention = plan.stepsNeedingAttention
        var lines = [attention.isEmpty
            ? "Nothing to repair in \(plan.databasePath)."
            : "Nothing applied to \(plan.databasePath): held back \(attention.count) step\(attention.count == 1 ? "" : "s")."]
        for skipped in plan.skippedSteps { lines.append("  \(skipped.disposition.label) \(skipped.id): \(skipped.reason)") }
        return lines.joined(separator: "\n")
    }
}
