/// One replacement of a byte range of a document by new text. An empty range is an insertion.
public struct ByteRangeEdit: Sendable, Hashable, CustomStringConvertible {
    public var range: ByteRange
    public var newText: String

    public init(range: ByteRange, newText: String) {
        self.range = range
        self.newText = newText
    }

    public static func insertion(at offset: Int, _ text: String) -> ByteRangeEdit {
        ByteRangeEdit(range: offset..<offset, newText: text)
    }

    public var description: String { "\(range.lowerBound)..<\(range.upperBound) → \(newText.debugDescription)" }

    /// Two edits conflict when applying both is ambiguous: their ranges overlap, or both insert
    /// at the same point (which order?), or one inserts strictly inside the other's range.
    /// Edits that only touch at a boundary do not conflict.
    public func conflicts(with other: ByteRangeEdit) -> Bool {
        if range.isEmpty && other.range.isEmpty { return range.lowerBound == other.range.lowerBound }
        if range.isEmpty { return range.lowerBound > other.range.lowerBound && range.lowerBound < other.range.upperBound }
        if other.range.isEmpty { return other.range.lowerBound > range.lowerBound && other.range.lowerBound < range.upperBound }
        return range.lowerBound < other.range.upperBound && other.range.lowerBound < range.upperBound
    }
}

/// What kind of action a fix is, in LSP's terms (`quickfix`); the server maps it to a
/// `CodeActionKind`.
public enum CodeFixKind: String, Sendable, Hashable {
    /// Edits the code at the finding.
    case quickFix = "quickfix"
    /// Changes the database schema through the repair (a `sqlheal.repairSchema` command).
    case schemaRepair = "quickfix.schemaRepair"
}

/// What applying a fix does.
public enum CodeFixAction: Sendable, Hashable {
    /// Edits of the document, in byte offsets of the text the fix was computed from;
    /// non-overlapping, sorted by position.
    case textEdits([ByteRangeEdit])
    /// Runs exactly one repair step (`sqlheal.repairSchema` with `only: [stepIdentifier]`).
    /// Step ids are team-wide: `create-table:<t>`, `add-column:<t>.<c>`,
    /// `change-column-type:<t>.<c>:<TYPE>`.
    case repairStep(stepIdentifier: String)
}

/// The text of repair step ids, which `sqlheal.repairSchema`'s `only` takes and the repair
/// planner parses (`RepairStepID` in SQLHealRepair): one spelling for every place that offers a step.
public enum RepairStepIdentifier {
    public static func createTable(_ table: String) -> String { "create-table:\(table)" }
    public static func addColumn(table: String, column: String) -> String { "add-column:\(table).\(column)" }
    public static func changeColumnType(table: String, column: String, to type: String) -> String {
        "change-column-type:\(table).\(column):\(type)"
    }
    public static func archiveTable(_ table: String) -> String { "archive-table:\(table)" }
}

/// A fix offered for one finding.
///
/// Titles are stable and explicit because editors and tests pick fixes by title (Neovim's
/// `vim.lsp.buf.code_action` filter): the same finding always yields the same titles, e.g.
/// `Remove parseInt(): sessions.user_id is TEXT`.
public struct CodeFix: Sendable, Hashable {
    public var title: String
    public var kind: CodeFixKind
    /// The one fix an editor may apply without asking (LSP `isPreferred`).
    public var isPreferred: Bool
    /// Whether `source.fixAll.sqlheal` / `sqlheal fix` may apply it unattended. Never true for a
    /// schema change or a guess between names.
    public var isSafeForFixAll: Bool
    public var action: CodeFixAction
    /// The finding this fix belongs to (code and range), so a client can attach it to its diagnostic.
    public var findingCode: FindingCode
    public var findingRange: ByteRange

    public init(
        title: String,
        kind: CodeFixKind,
        isPreferred: Bool,
        isSafeForFixAll: Bool,
        action: CodeFixAction,
        findingCode: FindingCode,
        findingRange: ByteRange
    ) {
        self.title = title
        self.kind = kind
        self.isPreferred = isPreferred
        self.isSafeForFixAll = isSafeForFixAll
        self.action = action
        self.findingCode = findingCode
        self.findingRange = findingRange
    }

    /// The edits, empty for a repair step.
    public var textEdits: [ByteRangeEdit] {
        if case .textEdits(let edits) = action { edits } else { [] }
    }

    /// The repair step id, `nil` for a code edit.
    public var repairStepIdentifier: String? {
        if case .repairStep(let identifier) = action { identifier } else { nil }
    }
}

/// Applying edits to bytes.
public enum TextEditApplication {
    /// The text after applying `edits` (in any order), or `nil` when two edits conflict or one
    /// lies outside the text.
    public static func apply(_ edits: [ByteRangeEdit], to text: [UInt8]) -> [UInt8]? {
        let sorted = edits.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        for (index, edit) in sorted.enumerated() {
            guard edit.range.lowerBound >= 0, edit.range.upperBound <= text.count else { return nil }
            if index > 0, sorted[index - 1].conflicts(with: edit) { return nil }
        }
        var result: [UInt8] = []
        result.reserveCapacity(text.count + 64)
        var cursor = 0
        for edit in sorted {
            guard edit.range.lowerBound >= cursor else { return nil }
            result.append(contentsOf: text[cursor..<edit.range.lowerBound])
            result.append(contentsOf: Array(edit.newText.utf8))
            cursor = edit.range.upperBound
        }
        result.append(contentsOf: text[cursor...])
        return result
    }

    /// Where the byte at `offset` of the text before `edits` lands in the text after them
    /// (text inserted at `offset` goes before it). An offset inside a replaced range maps to the
    /// start of its replacement.
    public static func mapOffset(_ offset: Int, through edits: [ByteRangeEdit]) -> Int {
        var delta = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            if edit.range.upperBound <= offset {
                delta += edit.newText.utf8.count - edit.range.count
            } else if edit.range.lowerBound < offset {
                return edit.range.lowerBound + delta
            }
        }
        return offset + delta
    }
}
