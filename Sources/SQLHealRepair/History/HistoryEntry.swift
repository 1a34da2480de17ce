import Foundation

/// One applied change, as the journal keeps it in `.sqlheal/history/<id>.json`: a schema repair
/// of the database or a code fix of source files. Everything `sqlheal history` shows and
/// everything ``Rollback`` needs to undo the change is in here.
///
/// ```swift
/// let journal = HistoryJournal(projectRoot: root)
/// var entry = HistoryEntry(kind: .codeFix, summary: "Removed parseInt around userId in src/users.ts")
/// entry.files = [try journal.backUpFile(at: "/project/src/users.ts", entryID: entry.id)]
/// // … write the fixed file …
/// entry.files[0].contentHashAfterChange = ContentHash.sha256Hex(Array(fixedText.utf8))
/// entry.result = .init(status: .succeeded, message: "1 edit")
/// try journal.record(entry)
/// ```
public struct HistoryEntry: Codable, Sendable, Hashable, Identifiable {
    public enum Kind: String, Codable, Sendable, Hashable {
        /// A schema repair of the configured database (``SQLHealRepair`` wrote it).
        case repair
        /// A code fix of source files (`sqlheal fix`, a code action).
        case codeFix = "code-fix"
    }

    /// Sortable and typable: `20261126-163000-123-repair-3fa9`.
    public var id: String
    public var kind: Kind
    public var timestamp: Date
    /// One line for `sqlheal history`: what changed.
    public var summary: String
    /// The repair's steps (empty for code fixes), each with what happened to it.
    public var steps: [RecordedStep]
    /// Every SQL statement the executor ran (or would have run), in order: the plan as executed.
    public var statements: [String]
    /// The repaired database and its backup; `nil` for code fixes.
    public var database: DatabaseRecord?
    /// The files a code fix changed, with their backups; empty for repairs.
    public var files: [FileRecord]
    public var result: Outcome
    public var rolledBack: Bool
    public var rolledBackAt: Date?

    public init(
        id: String? = nil,
        kind: Kind,
        timestamp: Date = Date(),
        summary: String,
        steps: [RecordedStep] = [],
        statements: [String] = [],
        database: DatabaseRecord? = nil,
        files: [FileRecord] = [],
        result: Outcome = Outcome(status: .pending, message: ""),
        rolledBack: Bool = false,
        rolledBackAt: Date? = nil
    ) {
        self.id = id ?? HistoryJournal.makeEntryID(kind: kind, at: timestamp)
        self.kind = kind
        self.timestamp = timestamp
        self.summary = summary
        self.steps = steps
        self.statements = statements
        self.database = database
        self.files = files
        self.result = result
        self.rolledBack = rolledBack
        self.rolledBackAt = rolledBackAt
    }

    /// One step of a repair plan as journaled.
    public struct RecordedStep: Codable, Sendable, Hashable {
        public enum Status: String, Codable, Sendable, Hashable {
            case planned
            case applied
            /// Refused before anything was written (lossy conversion, loop prevention, not allowed).
            case skipped
            case failed
        }

        public var id: String
        public var kind: String
        public var table: String
        public var column: String?
        public var sql: [String]
        public var source: String
        public var status: Status
        /// For skipped steps: held back by design, refused, or not needed (absent in older entries).
        public var disposition: SkippedRepairStep.Disposition?
        /// Why the step was skipped or failed.
        public var note: String?

        public init(id: String, kind: String, table: String, column: String?, sql: [String], source: String, status: Status, note: String? = nil,
                    disposition: SkippedRepairStep.Disposition? = nil) {
            self.disposition = disposition
            self.id = id
            self.kind = kind
            self.table = table
            self.column = column
            self.sql = sql
            self.source = source
            self.status = status
            self.note = note
        }
    }

    /// The database a repair changed.
    public struct DatabaseRecord: Codable, Sendable, Hashable {
        /// Absolute path of the repaired database.
        public var path: String
        /// Absolute path of the verified backup taken before anything was written.
        public var backupPath: String
        /// The database's fingerprint right after the repair; a rollback refuses (unless forced)
        /// when the database no longer matches it, because restoring would discard those changes.
        public var fingerprintAfter: DatabaseFingerprint?

        public init(path: String, backupPath: String, fingerprintAfter: DatabaseFingerprint? = nil) {
            self.path = path
            self.backupPath = backupPath
            self.fingerprintAfter = fingerprintAfter
        }
    }

    /// One file a code fix changed.
    public struct FileRecord: Codable, Sendable, Hashable {
        /// Absolute path of the changed file.
        public var originalPath: String
        /// Absolute path of the copy taken before the fix.
        public var backupPath: String
        /// SHA-256 (``ContentHash``) of the file right after the fix. A rollback restores the file
        /// only while it still has this content (unless forced): later edits are never discarded.
        public var contentHashAfterChange: String?

        public init(originalPath: String, backupPath: String, contentHashAfterChange: String? = nil) {
            self.originalPath = originalPath
            self.backupPath = backupPath
            self.contentHashAfterChange = contentHashAfterChange
        }
    }

    public struct Outcome: Codable, Sendable, Hashable {
        public enum Status: String, Codable, Sendable, Hashable {
            /// Journaled before applying; stays so if the process died mid-way.
            case pending
            case succeeded
            /// Some steps applied, others skipped (lossy conversions, loop prevention).
            case partial
            /// Nothing changed (the transaction rolled back, or the fix was undone).
            case failed
            /// A repair whose every step was held back or refused: nothing was written, so no
            /// backup was taken and there is nothing to roll back. Recorded so that `history`
            /// says what was held back and why.
            case nothingApplied = "nothing-applied"
        }

        public var status: Status
        public var message: String

        public init(status: Status, message: String) {
            self.status = status
            self.message = message
        }
    }
}
