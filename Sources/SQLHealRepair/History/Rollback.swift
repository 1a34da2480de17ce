import Foundation
import SQLHealSQLite

/// Undoes one journaled change, either kind:
///
/// - a **repair**: restores the database backup with the online backup API, after checking that
///   the database still matches the fingerprint recorded right after the repair (otherwise
///   restoring would discard later changes: refused unless ``Options/force``). The state being
///   replaced is itself backed up first, so a rollback can be undone by hand.
/// - a **code fix**: restores each file from its backup, after checking that every file still has
///   the content the fix wrote (same rule: refused unless forced).
///
/// ```swift
/// let outcome = try Rollback(journal: HistoryJournal(projectRoot: root)).run(historyID: nil)
/// print(outcome.message)   // "Rolled back 20261126-…-repair-3fa9: restored data/app.db from …"
/// ```
public struct Rollback: Sendable {
    public struct Options: Sendable, Hashable {
        /// Restore even though the database or the files changed since the change was applied.
        public var force: Bool
        /// How long to wait for another connection's lock on the database.
        public var busyTimeout: Duration

        public init(force: Bool = false, busyTimeout: Duration = .seconds(5)) {
            self.force = force
            self.busyTimeout = busyTimeout
        }
    }

    public struct Outcome: Sendable, Hashable {
        public var restored: Bool
        public var historyID: String
        /// For users: what was restored, from where.
        public var message: String
        /// For repairs: the backup of the state the rollback replaced.
        public var replacedStateBackupPath: String?
    }

    public let journal: HistoryJournal
    /// The database the project configures now: a repair entry may name it even when it lies
    /// outside the project (a configured `../shared.db`); any other database must be inside.
    public let configuredDatabasePath: String?

    public init(journal: HistoryJournal, configuredDatabasePath: String? = nil) {
        self.journal = journal
        self.configuredDatabasePath = configuredDatabasePath
    }

    /// The entry `run(historyID: nil)` would undo: the newest applied change not yet rolled back
    /// (an interrupted repair counts: it may have committed). When that newest one is a refused
    /// entry (``HistoryJournal/refusal(of:configuredDatabasePath:)``), the rollback is refused with
    /// the reason rather than quietly undoing an older change.
    public func defaultTarget() throws -> HistoryEntry? {
        let listing = try journal.listing(configuredDatabasePath: configuredDatabasePath)
        let refusedByID = Dictionary(listing.refused.compactMap { refused in refused.entry.map { ($0.id, refused.reason) } }) { first, _ in first }
        let candidates = (listing.entries + listing.refused.compactMap(\.entry)).sorted { ($0.timestamp, $0.id) > ($1.timestamp, $1.id) }
        guard let target = candidates.first(where: {
            !$0.rolledBack && ($0.result.status == .succeeded || $0.result.status == .partial || ($0.kind == .repair && $0.result.status == .pending))
        }) else { return nil }
        if let reason = refusedByID[target.id] { throw RepairError.historyEntryUnsafe(id: target.id, detail: reason) }
        return target
    }

    /// Undoes the entry `historyID` (an id or an unambiguous prefix), or the newest applied one.
    public func run(historyID: String?, options: Options = Options()) throws -> Outcome {
        let entry: HistoryEntry
        if let historyID {
            let found: HistoryEntry?
            do {
                found = try journal.entry(id: historyID, configuredDatabasePath: configuredDatabasePath)
            } catch HistoryError.entryRefused(let id, let reason) {
                throw RepairError.historyEntryUnsafe(id: id, detail: reason)
            }
            guard let found else { throw RepairError.historyEntryNotFound(historyID) }
            entry = found
        } else {
            guard let found = try defaultTarget() else { throw RepairError.nothingToRollBack }
            entry = found
        }
        if entry.rolledBack { throw RepairError.alreadyRolledBack(entry.id) }
        try validate(entry)
        switch entry.kind {
        case .repair: return try rollBackRepair(entry, options: options)
        case .codeFix: return try rollBackCodeFix(entry, options: options)
        }
    }

    /// The journal's rule (``HistoryJournal/refusal(of:configuredDatabasePath:)``), checked again
    /// right before acting on the entry.
    func validate(_ entry: HistoryEntry) throws {
        if let reason = journal.refusal(of: entry, configuredDatabasePath: configuredDatabasePath) {
            throw RepairError.historyEntryUnsafe(id: entry.id, detail: reason)
        }
    }

    private func rollBackRepair(_ entry: HistoryEntry, options: Options) throws -> Outcome {
        if entry.result.status == .nothingApplied {
            return Outcome(restored: false, historyID: entry.id,
                           message: "Repair \(entry.id) applied nothing (every step was held back); nothing to roll back.")
        }
        guard let database = entry.database else { throw RepairError.backupMissing(path: "(no database recorded in \(entry.id))") }
        if entry.result.status == .failed {
            return Outcome(restored: false, historyID: entry.id, message: "Repair \(entry.id) changed nothing (it failed); nothing to roll back.")
        }
        guard FileManager.default.fileExists(atPath: database.backupPath),
              let backup = try? SQLiteConnection(path: database.backupPath, mode: .readOnly) else {
            throw RepairError.backupMissing(path: database.backupPath)
        }
        if let damage = try DatabaseBackup.verify(copy: backup) { throw RepairError.backupVerificationFailed(reason: damage.description) }

        let target = try DatabaseAccess.openForWriting(path: database.path, busyTimeout: options.busyTimeout)
        if entry.result.status == .pending {
            // The repair was interrupted (killed) after its backup. Its transaction either never
            // committed, and the database is still exactly the backup, or it did.
            let current = try readFingerprint(target, path: database.path, options: options)
            let backedUp = try readFingerprint(backup, path: database.backupPath, options: options)
            // Not schema_version: the backup API bumps the copy's own (so its readers reload).
            if current.contentHash == backedUp.contentHash && current.totalRowCount == backedUp.totalRowCount {
                var updated = entry
                updated.result = .init(status: .failed, message: "interrupted before it committed: nothing was changed")
                try journal.record(updated)
                return Outcome(restored: false, historyID: entry.id,
                               message: "Repair \(entry.id) was interrupted before it committed: the database is as it was, nothing to roll back.",
                               replacedStateBackupPath: nil)
            }
        }
        if !options.force {
            guard let expected = database.fingerprintAfter else {
                throw RepairError.databaseChangedSinceRepair(id: entry.id, detail: "the repair did not record its result, so the current state cannot be verified")
            }
            let current = try readFingerprint(target, path: database.path, options: options)
            if current.schemaVersion != expected.schemaVersion {
                throw RepairError.databaseChangedSinceRepair(id: entry.id, detail: "schema_version \(expected.schemaVersion) → \(current.schemaVersion)")
            }
            if current.contentHash != expected.contentHash {
                throw RepairError.databaseChangedSinceRepair(
                    id: entry.id, detail: "rows changed: \(expected.totalRowCount) rows then, \(current.totalRowCount) now")
            }
        }
        // Keep what we are about to overwrite.
        let replacedStatePath = try journal.backupDirectory(forEntryID: entry.id) + "/before-rollback-\(HistoryJournal.makeEntryID(kind: .repair)).db"
        do {
            let safety = try SQLiteConnection(path: replacedStatePath, mode: .readWriteCreate)
            try DatabaseBackup.copy(from: target, to: safety, busyTimeout: options.busyTimeout)
        } catch let error as SQLiteError {
            throw DatabaseAccess.classify(error, path: replacedStatePath, busyTimeout: options.busyTimeout)
        }
        do {
            try DatabaseBackup.copy(from: backup, to: target, busyTimeout: options.busyTimeout)
        } catch let error as SQLiteError {
            throw DatabaseAccess.classify(error, path: database.path, busyTimeout: options.busyTimeout)
        }
        if var damage = try DatabaseBackup.verify(copy: target) {
            damage.problems.insert("after restore", at: 0)
            throw RepairError.databaseCorrupt(path: database.path, damage: damage)
        }

        var updated = entry
        updated.rolledBack = true
        updated.rolledBackAt = Date()
        try journal.record(updated)
        return Outcome(
            restored: true, historyID: entry.id,
            message: "Rolled back repair \(entry.id): restored \(database.path) from \(database.backupPath). The replaced state is kept in \(replacedStatePath).",
            replacedStateBackupPath: replacedStatePath)
    }

    private func readFingerprint(_ connection: SQLiteConnection, path: String, options: Options) throws -> DatabaseFingerprint {
        do {
            return try DatabaseFingerprint.compute(connection)
        } catch let error as SQLiteError {
            throw DatabaseAccess.classify(error, path: path, busyTimeout: options.busyTimeout)
        }
    }

    private func rollBackCodeFix(_ entry: HistoryEntry, options: Options) throws -> Outcome {
        if entry.result.status == .failed {
            return Outcome(restored: false, historyID: entry.id, message: "Fix \(entry.id) changed nothing (it failed); nothing to roll back.")
        }
        var changed: [String] = []
        var backups: [(record: HistoryEntry.FileRecord, contents: Data)] = []
        for record in entry.files {
            guard let contents = FileManager.default.contents(atPath: record.backupPath) else {
                throw RepairError.backupMissing(path: record.backupPath)
            }
            backups.append((record, contents))
            if options.force { continue }
            let current = FileManager.default.contents(atPath: record.originalPath).map { ContentHash.sha256Hex([UInt8]($0)) }
            if current == nil || current != record.contentHashAfterChange { changed.append(record.originalPath) }
        }
        if !changed.isEmpty { throw RepairError.filesChangedSinceFix(id: entry.id, paths: changed) }
        for (record, contents) in backups {
            do {
                try contents.write(to: URL(fileURLWithPath: record.originalPath), options: .atomic)
            } catch {
                throw HistoryError.cannotWrite(path: record.originalPath, reason: error.localizedDescription)
            }
        }
        var updated = entry
        updated.rolledBack = true
        updated.rolledBackAt = Date()
        try journal.record(updated)
        let names = entry.files.map(\.originalPath).joined(separator: ", ")
        return Outcome(restored: true, historyID: entry.id, message: "Rolled back fix \(entry.id): restored \(names).", replacedStateBackupPath: nil)
    }
}
