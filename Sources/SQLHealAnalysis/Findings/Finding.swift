/// A finding's code, as published in `Diagnostic.code`. An open set: new codes need no new case.
public struct FindingCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let missingTable = FindingCode(rawValue: "missing-table")
    public static let missingColumn = FindingCode(rawValue: "missing-column")
    public static let typeMismatch = FindingCode(rawValue: "type-mismatch")
    public static let parameterCount = FindingCode(rawValue: "param-count")
    public static let sqlSyntax = FindingCode(rawValue: "sql-syntax")
    public static let sqlError = FindingCode(rawValue: "sql-error")
    public static let rawInterpolation = FindingCode(rawValue: "raw-interpolation")
    public static let schemaDrift = FindingCode(rawValue: "schema-drift")
    public static let unusedTable = FindingCode(rawValue: "unused-table")
    public static let migrationError = FindingCode(rawValue: "migration-error")
    public static let configurationError = FindingCode(rawValue: "config-error")
    /// The configured database fails SQLite's `quick_check`: its pages are damaged.
    public static let databaseDamaged = FindingCode(rawValue: "database-damaged")
}

public enum FindingSeverity: Int, Sendable, Hashable, Comparable, Codable {
    // Raw values are the LSP DiagnosticSeverity numbers, so the server converts without a table.
    case error = 1
    case warning = 2
    case information = 3
    case hint = 4

    public static func < (lhs: FindingSeverity, rhs: FindingSeverity) -> Bool { lhs.rawValue < rhs.rawValue }

    public var name: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .information: "info"
        case .hint: "hint"
        }
    }
}

/// A place outside the document that explains a finding: where a table or column is declared.
public struct SchemaLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A path relative to the project root (`migrations/001_init.sql`) or absolute.
    public var path: String
    /// One-based line; 0 when unknown (a table read from the database file).
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    public var description: String { line > 0 ? "\(path):\(line)" : path }
}

public struct RelatedLocation: Sendable, Hashable {
    public var location: SchemaLocation
    public var message: String

    public init(location: SchemaLocation, message: String) {
        self.location = location
        self.message = message
    }
}

/// What a quick fix needs to know about a finding without re-running the analysis.
public enum FindingFixHint: Sendable, Hashable {
    /// Replace the finding's range with one of these names (closest first).
    case replaceName(suggestions: [String])
    /// The table is missing: the repair step that creates it, when one can be planned.
    case missingTable(table: String)
    /// The column is missing from `table`.
    case missingColumn(table: String, column: String)
    /// A converted value contradicts the column's affinity.
    case contradictingConversion(conversion: ValueConversion, table: String, column: String, columnAffinity: String, valueKind: ValueKind)
    /// A value spliced into SQL text that should be bound: the hole's index in the query.
    case splicedValue(holeSourceRange: ByteRange, expressionRange: ByteRange)
    /// The one repair step that resolves a schema finding (`schema-drift`, `unused-table`), and
    /// the title of the action that runs it, which names its effect: choosing it is the
    /// confirmation. Step ids as in ``CodeFixAction/repairStep(stepIdentifier:)``.
    case repairStep(identifier: String, title: String)
}

/// One problem found in a document, located in UTF-8 byte offsets of that document.
public struct Finding: Sendable, Hashable {
    public var code: FindingCode
    public var severity: FindingSeverity
    public var range: ByteRange
    public var message: String
    public var related: [RelatedLocation]
    public var fixHints: [FindingFixHint]

    public init(
        code: FindingCode,
        severity: FindingSeverity,
        range: ByteRange,
        message: String,
        related: [RelatedLocation] = [],
        fixHints: [FindingFixHint] = []
    ) {
        self.code = code
        self.severity = severity
        self.range = range
        self.message = message
        self.related = related
        self.fixHints = fixHints
    }
}
