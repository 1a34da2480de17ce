import SQLHealAnalysis
import SQLHealLSP
import SQLHealWorkspace

/// What keeps one huge or broken document from taking the server (and the editor) down: a
/// 50 MB bundle opened by mistake once took 40 s and 1.15 GB and came back as one message of
/// 233,154 diagnostics.
enum DocumentLimits {
    /// A document larger than this is not analysed: the same limit, and the same reason, as the
    /// command line's (``SourceFileReader/maximumFileSize``: minified bundles and generated code).
    static var maximumAnalysedBytes: Int { SourceFileReader.maximumFileSize }

    /// At most this many diagnostics are published for one document, the last of them saying how
    /// many were left out. Far more than anyone reads in a file; few enough that the message stays
    /// small and the editor stays responsive.
    static let maximumDiagnosticsPerDocument = 500

    static let notAnalysedCode = "file-too-large"
    static let omittedCode = "too-many-findings"

    static func isTooLarge(_ text: [UInt8]) -> Bool { text.count > maximumAnalysedBytes }

    /// The one diagnostic of a document too large to analyse, at its start.
    static func notAnalysedDiagnostic(size: Int) -> Diagnostic {
        let reason = FileReadProblem.tooLarge(size: size, limit: maximumAnalysedBytes).description
        return Diagnostic(
            range: LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)),
            severity: .information, code: .string(notAnalysedCode), source: DiagnosticConversion.source,
            message: "sqlheal did not analyse this document: \(reason) (sqlheal check skips it too)")
    }

    /// `diagnostics` cut to ``maximumDiagnosticsPerDocument``: the most severe are kept (in their
    /// order), and the last one says how many were left out; `omitted` is that number (0 when
    /// nothing was cut).
    static func capped(_ diagnostics: [Diagnostic]) -> (diagnostics: [Diagnostic], omitted: Int) {
        guard diagnostics.count > maximumDiagnosticsPerDocument else { return (diagnostics, 0) }
        let keptCount = maximumDiagnosticsPerDocument - 1
        let bySeverity = diagnostics.indices.sorted { lhs, rhs in
            let left = diagnostics[lhs].severity?.rawValue ?? DiagnosticSeverity.error.rawValue
            let right = diagnostics[rhs].severity?.rawValue ?? DiagnosticSeverity.error.rawValue
            return (left, lhs) < (right, rhs)
        }
        let kept = Set(bySeverity.prefix(keptCount))
        let omitted = diagnostics.count - keptCount
        // The note sits where the first diagnostic left out would have been.
        let firstOmitted = diagnostics.indices.first { !kept.contains($0) } ?? diagnostics.count - 1
        let note = Diagnostic(
            range: LSPRange(start: diagnostics[firstOmitted].range.start, end: diagnostics[firstOmitted].range.start),
            severity: .information, code: .string(omittedCode), source: DiagnosticConversion.source,
            message: "sqlheal: \(omitted) more findings in this document are not shown "
                + "(at most \(maximumDiagnosticsPerDocument) diagnostics per document); sqlheal check lists them all")
        return (diagnostics.indices.filter(kept.contains).map { diagnostics[$0] } + [note], omitted)
    }
}
