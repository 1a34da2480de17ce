import SQLHealAnalysis

/// A finding located in a file of the project: the analysis core's ``Finding`` (UTF-8 byte
/// offsets) plus the file it belongs to and its line/column range.
///
/// Positions are zero-based, columns in the unit the producer was asked for (UTF-16 unless
/// told otherwise: that is what LSP clients and the JSON/SARIF outputs count in). ``line1`` and
/// friends give the one-based form the command line prints.
public struct FileFinding: Sendable, Hashable {
    /// Absolute path of the file.
    public var path: String
    public var finding: Finding
    public var start: TextPosition
    public var end: TextPosition

    public init(path: String, finding: Finding, start: TextPosition, end: TextPosition) {
        self.path = path
        self.finding = finding
        self.start = start
        self.end = end
    }

    /// Locates `finding` in a file whose text is indexed by `lineIndex`.
    public init(path: String, finding: Finding, lineIndex: LineIndex, unit: TextColumnUnit = .utf16) {
        self.path = path
        self.finding = finding
        self.start = lineIndex.position(of: finding.range.lowerBound, in: unit)
        self.end = lineIndex.position(of: finding.range.upperBound, in: unit)
    }

    public var code: FindingCode { finding.code }
    public var severity: FindingSeverity { finding.severity }
    public var message: String { finding.message }

    public var line1: Int { start.line + 1 }
    public var column1: Int { start.column + 1 }
    public var endLine1: Int { end.line + 1 }
    public var endColumn1: Int { end.column + 1 }

    /// Sorts by file, then position, then code: the order every output uses.
    public static func isOrderedBefore(_ lhs: FileFinding, _ rhs: FileFinding) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        if lhs.start != rhs.start { return lhs.start < rhs.start }
        if lhs.end != rhs.end { return lhs.end < rhs.end }
        if lhs.code.rawValue != rhs.code.rawValue { return lhs.code.rawValue < rhs.code.rawValue }
        return lhs.message < rhs.message
    }
}

/// Builds ``FileFinding``s for a text file whose content a producer has in hand (sqlheal.json,
/// a migration) so that several findings share one line index.
struct TextFileLocator {
    let path: String
    let bytes: [UInt8]
    let lineIndex: LineIndex
    let unit: TextColumnUnit

    init(path: String, bytes: [UInt8], unit: TextColumnUnit) {
        self.path = path
        self.bytes = bytes
        self.lineIndex = LineIndex(utf8: bytes)
        self.unit = unit
    }

    func locate(_ finding: Finding) -> FileFinding {
        var finding = finding
        let lower = min(max(finding.range.lowerBound, 0), bytes.count)
        let upper = min(max(finding.range.upperBound, lower), bytes.count)
        finding.range = lower..<upper
        return FileFinding(path: path, finding: finding, lineIndex: lineIndex, unit: unit)
    }

    /// One-based line of a byte offset.
    func line1(of offset: Int) -> Int { lineIndex.line(containing: offset) + 1 }
}
