/// The queries found in one document and the findings about them, in UTF-8 byte offsets.
public struct DocumentAnalysis: Sendable {
    public var queries: [EmbeddedQuery]
    /// Sorted by range; suppressed findings are already removed.
    public var findings: [Finding]

    public init(queries: [EmbeddedQuery], findings: [Finding]) {
        self.queries = queries
        self.findings = findings
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

    public init(schema: SchemaContext, configuration: AnalysisConfiguration = .default) {
        self.schema = schema
        self.configuration = configuration
        self.checker = QueryChecker(schema: schema)
    }

    public func analyze(_ text: [UInt8], language: SourceLanguage) -> DocumentAnalysis {
        let queries = QueryExtractor.extractQueries(from: text, language: language, configuration: configuration.extraction)
        let findings = checker.check(queries, documentText: text)
        return DocumentAnalysis(queries: queries, findings: findings)
    }

    public func analyze(_ text: String, language: SourceLanguage) -> DocumentAnalysis {
        analyze(Array(text.utf8), language: language)
    }
}
