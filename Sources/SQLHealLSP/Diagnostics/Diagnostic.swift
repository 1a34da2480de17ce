public struct CodeDescription: Codable, Sendable, Hashable {
    public var href: String
    public init(href: String) { self.href = href }
}

public struct DiagnosticRelatedInformation: Codable, Sendable, Hashable {
    public var location: Location
    public var message: String
    public init(location: Location, message: String) {
        self.location = location
        self.message = message
    }
}

/// One diagnostic. ``codeDescription``, ``relatedInformation`` and ``data`` must only be set for
/// clients that advertise support (the server core gates them).
public struct Diagnostic: Codable, Sendable, Hashable {
    public var range: LSPRange
    public var severity: DiagnosticSeverity?
    public var code: IntegerOrString?
    public var codeDescription: CodeDescription?
    public var source: String?
    public var message: String
    public var tags: [DiagnosticTag]?
    public var relatedInformation: [DiagnosticRelatedInformation]?
    /// Preserved by the client between `publishDiagnostics` and `codeAction` (with `dataSupport`).
    public var data: JSONValue?

    public init(
        range: LSPRange,
        severity: DiagnosticSeverity? = nil,
        code: IntegerOrString? = nil,
        codeDescription: CodeDescription? = nil,
        source: String? = nil,
        message: String,
        tags: [DiagnosticTag]? = nil,
        relatedInformation: [DiagnosticRelatedInformation]? = nil,
        data: JSONValue? = nil
    ) {
        self.range = range
        self.severity = severity
        self.code = code
        self.codeDescription = codeDescription
        self.source = source
        self.message = message
        self.tags = tags
        self.relatedInformation = relatedInformation
        self.data = data
    }
}
