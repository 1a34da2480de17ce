import Foundation
import SQLHealAnalysis
import SQLHealLSP

/// Turns analysis findings (byte offsets) into LSP diagnostics (positions in the negotiated
/// encoding), including only what the client said it supports.
struct DiagnosticConversion {
    var unit: TextColumnUnit
    var capabilities: ClientCapabilities
    /// The folder relative `SchemaLocation` paths are resolved against (`nil`: left relative to `/`).
    var projectRootPath: String?
    /// With a value and client support, `codeDescription.href` is this followed by the code.
    var codeDocumentationBaseURL: String?

    static let source = "sqlheal"

    func diagnostic(for finding: Finding, lineIndex: LineIndex, version: Int?) -> Diagnostic {
        var diagnostic = Diagnostic(
            range: PositionConversion.range(of: finding.range, in: lineIndex, unit: unit),
            severity: DiagnosticSeverity(rawValue: finding.severity.rawValue),
            code: .string(finding.code.rawValue),
            source: Self.source,
            message: finding.message)
        if capabilities.supportsRelatedInformation, !finding.related.isEmpty {
            diagnostic.relatedInformation = finding.related.map { related in
                // Schema locations know their line, not their columns: the range is the whole
                // declaring line (up to the next line's start), or the file's start when unknown.
                let line = max(related.location.line - 1, 0)
                let end = related.location.line > 0 ? Position(line: line + 1, character: 0) : Position(line: 0, character: 0)
                return DiagnosticRelatedInformation(
                    location: Location(
                        uri: uri(forSchemaPath: related.location.path),
                        range: LSPRange(start: Position(line: line, character: 0), end: end)),
                    message: related.message)
            }
        }
        if capabilities.supportsCodeDescription, let codeDocumentationBaseURL {
            diagnostic.codeDescription = CodeDescription(href: codeDocumentationBaseURL + finding.code.rawValue)
        }
        if capabilities.supportsDiagnosticData {
            // Enough for a code action to find this finding again in the document's analysis.
            var data: [String: JSONValue] = [
                "code": .string(finding.code.rawValue),
                "byteStart": .int(finding.range.lowerBound),
                "byteEnd": .int(finding.range.upperBound),
            ]
            if let version { data["version"] = .int(version) }
            diagnostic.data = .object(data)
        }
        return diagnostic
    }

    func uri(forSchemaPath path: String) -> DocumentURI {
        if path.hasPrefix("/") { return FileURI.uri(fromPath: path) }
        let root = projectRootPath ?? ""
        let joined = root.hasSuffix("/") ? root + path : root + "/" + path
        return FileURI.uri(fromPath: joined)
    }
}
