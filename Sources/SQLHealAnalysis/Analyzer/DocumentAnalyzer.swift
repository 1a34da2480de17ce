/// The queries found in one document and the findings about them, in UTF-8 byte offsets.
public struct DocumentAnalysis: Sendable {
    public var queries: [EmbeddedQuery]
    /// Sorted by range; suppressed findings are already removed.
    public var findings: [Finding]
    /// What the document exports and imports (for the project's ``ModuleIndex``).
    public var module: ModuleSummary

    public init(queries: [EmbeddedQuery], findings: [Finding], module: ModuleSummary = .empty) {
        self.queries = queries
        self.findings = findings
        self.module = module
    }
}

/// The analysis core's entry point: text in, findings out. No IO, no protocol.
///
/// One analyzer serves one schema; when the schema changes, make a new one. It is safe to call
/// from several threads at once (the checker serializes its SQLite connection internally) and
/// caches per-statement results, so re-analysing a document after a keystroke re-checks only
/// the statements whose text changed.
public final class DocumentAnalyzer: Sendable {
    public let schema: SchemaContext
    public let configuration: AnalysisConfiguration
    let checker: QueryChecker
    /// One checker per other database whose schema is known, by its name (``QueryConnection/Database/other(name:)``).
    private let otherCheckers: [String: QueryChecker]
    /// Which database a file's queries run on when its code says nothing (`databases[].paths`).
    private let databaseForPath: (@Sendable (String) -> QueryConnection.Database)?

    /// - Parameter otherDatabases: the schemas of the other databases the code opens, by the
    ///   name a query's connection gives them (a `databases` entry's name, or the path the code
    ///   opens). Queries on another database whose schema is not here are not checked.
    /// - Parameter databaseForPath: the database a file's queries run on by default, by its path.
    public init(schema: SchemaContext, configuration: AnalysisConfiguration = .default, otherDatabases: [String: SchemaContext] = [:],
                databaseForPath: (@Sendable (String) -> QueryConnection.Database)? = nil) {
        self.schema = schema
        self.configuration = configuration
        self.checker = QueryChecker(schema: schema)
        self.otherCheckers = otherDatabases.mapValues { QueryChecker(schema: $0) }
        self.databaseForPath = databaseForPath
    }

    /// Checks queries on a database nothing tells (``QueryConnection/Database/unknown``: a
    /// connection opened on a path computed at run time that is not the main database's) against
    /// no schema, keeping only what no schema changes: SQLite's syntax and the count of values bound.
    private let schemalessChecker = QueryChecker(schema: SchemaContext(checkedSchema: .empty))
    static let schemaIndependentCodes: Set<FindingCode> = [.sqlSyntax, .parameterCount]

    /// Analyzes the file at `path` (its `databases` entry decides where its queries run by default).
    public func analyze(_ text: [UInt8], language: SourceLanguage, path: String, modules: ModuleContext = .empty) -> DocumentAnalysis {
        analyze(text, language: language, defaultDatabase: databaseForPath?(path) ?? .main, modules: modules, path: path)
    }

    /// The names of the other databases whose schemas this analyzer checks against.
    public var otherDatabaseNames: [String] { otherCheckers.keys.sorted() }

    /// - Parameter defaultDatabase: where the document's queries run when nothing in it says
    ///   otherwise (a `databases` entry whose `paths` hold the document).
    /// - Parameter modules: the values of the names the document imports from other files (from
    ///   the project's ``ModuleIndex``); without it only the document's own constants are resolved.
    /// - Parameter path: the document's absolute path; migration code (``SchemaContext/migrationHistory``)
    ///   is checked as history.
    public func analyze(_ text: [UInt8], language: SourceLanguage, defaultDatabase: QueryConnection.Database = .main, modules: ModuleContext = .empty, path: String? = nil) -> DocumentAnalysis {
        var extraction = configuration.extraction
        extraction.defaultDatabase = defaultDatabase
        let scan = JavaScriptScanner.scan(text, language: language)
        let extracted = QueryExtractor.extract(from: text, scan: scan, configuration: extraction, context: modules)
        return analyze(text, extracted: extracted, path: path)
    }

    /// The extraction configuration this analyzer reads the file at `path` with (its `databases`
    /// entry decides where its queries run by default).
    public func extractionConfiguration(forPath path: String) -> QueryExtractionConfiguration {
        var extraction = configuration.extraction
        extraction.defaultDatabase = databaseForPath?(path) ?? .main
        return extraction
    }

    /// Checks queries already extracted from `text` (``QueryExtractor/extract(from:scan:configuration:context:)``
    /// with ``extractionConfiguration(forPath:)``): a project check extracts each file once and
    /// shares the result with the code's schema reading.
    public func analyze(_ text: [UInt8], extracted: (queries: [EmbeddedQuery], summary: ModuleSummary), path: String?) -> DocumentAnalysis {
        let queries = extracted.queries
        let history = path.flatMap { schema.migrationHistory[$0] }
        // Most files run every query on the main database: checked as they are, without copying
        // thousands of queries into groups.
        if queries.allSatisfy({ $0.connection.dialect == .sqlite && $0.connection.database == .main }) {
            return DocumentAnalysis(queries: queries, findings: Self.reportedOnce(checker.check(queries, documentText: text, history: history)), module: extracted.summary)
        }
        // Each query is checked against its own database's schema, or not at all (another
        // dialect, or a database whose schema nothing tells): never against the main one by default.
        var byDatabase: [String?: [EmbeddedQuery]] = [:]
        var schemaless: [EmbeddedQuery] = []
        for query in queries where query.connection.dialect == .sqlite {
            switch query.connection.database {
            case .main: byDatabase[nil, default: []].append(query)
            case .other(let name): if otherCheckers[name] != nil { byDatabase[name, default: []].append(query) }
            // (Another database without a schema stays silent: a `databases` entry with neither
            // `database` nor `schema` is how a user silences one.)
            case .unknown: schemaless.append(query)
            }
        }
        var findings: [Finding] = []
        for (name, group) in byDatabase {
            let groupChecker = name.flatMap { otherCheckers[$0] } ?? checker
            findings += groupChecker.check(group, documentText: text, history: name == nil ? history : nil)
        }
        if !schemaless.isEmpty {
            findings += schemalessChecker.check(schemaless, documentText: text).filter { Self.schemaIndependentCodes.contains($0.code) }
        }
        if byDatabase.count + (schemaless.isEmpty ? 0 : 1) > 1 {
            findings.sort { ($0.range.lowerBound, $0.range.upperBound, $0.code.rawValue) < ($1.range.lowerBound, $1.range.upperBound, $1.code.rawValue) }
        }
        return DocumentAnalysis(queries: queries, findings: Self.reportedOnce(findings), module: extracted.summary)
    }

    /// SQL built in a variable is one query per path: a defect of text the paths share is
    /// reported once, on that text (the first path's message).
    private static func reportedOnce(_ findings: [Finding]) -> [Finding] {
        var seen = Set<FindingSite>()
        return findings.filter { seen.insert(FindingSite(code: $0.code, range: $0.range)).inserted }
    }

    public func analyze(_ text: String, language: SourceLanguage, defaultDatabase: QueryConnection.Database = .main, modules: ModuleContext = .empty) -> DocumentAnalysis {
        analyze(Array(text.utf8), language: language, defaultDatabase: defaultDatabase, modules: modules)
    }
}

private struct FindingSite: Hashable {
    var code: FindingCode
    var range: ByteRange
}
