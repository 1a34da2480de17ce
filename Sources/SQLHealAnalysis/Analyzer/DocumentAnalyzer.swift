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
    private let checker: QueryChecker

    public init(schema: SchemaContext, configuration: AnalysisConfiguration = .default) {
        self.schema = schema
        self.configuration = configuration
        self.checker = QueryChecker(schema: schema)
    }

    /// `modules`: the values of the names the document imports from other files (from the
    /// project's ``ModuleIndex``); without it only the document's own constants are resolved.
    public func analyze(_ text: [UInt8], language: SourceLanguage, modules: ModuleContext = .empty) -> DocumentAnalysis {
        let scan = JavaScriptScanner.scan(text, language: language)
        let extracted = QueryExtractor.extract(from: text, scan: scan, configuration: configuration.extraction, context: modules)
        let findings = checker.check(extracted.queries, documentText: text)
        return DocumentAnalysis(queries: extracted.queries, findings: findings, module: extracted.summary)
    }

    public func analyze(_ text: String, language: SourceLanguage, modules: ModuleContext = .empty) -> DocumentAnalysis {
        analyze(Array(text.utf8), language: language, modules: modules)
    }
}
