import SQLHealAnalysis
import SQLHealLSP

/// A snapshot of one document the client has open: its text at ``version`` and, once ready, the
/// analysis of exactly that text.
///
/// Snapshots are values: holding one never blocks the server, and it never changes under you.
/// Ask the server again (`LanguageServer.document(_:)`) for newer state.
public struct OpenDocument: Sendable {
    public let uri: DocumentURI
    /// As the client sent it (`typescriptreact`, `sql`, `json`…).
    public let languageIdentifier: String
    public let version: Int
    /// The text as UTF-8 bytes: every offset in the analysis core is a byte offset into this.
    public let text: [UInt8]
    public let lineIndex: LineIndex
    /// The language the analysis core reads, `nil` for documents it does not analyse (SQL,
    /// JSON): those get no diagnostics from the core, only from features.
    public let language: SourceLanguage?
    /// The analysis of this exact text; `nil` while it is being computed or when ``language``
    /// is `nil`. Use `LanguageServer.withCurrentAnalysis(of:_:)` to wait for it.
    public let analysis: DocumentAnalysis?

    public var textString: String { String(decoding: text, as: UTF8.self) }

    /// The document's language from its `languageId`, falling back to the file extension.
    static func language(languageIdentifier: String, uri: DocumentURI) -> SourceLanguage? {
        SourceLanguage(languageIdentifier: languageIdentifier) ?? SourceLanguage(fileName: FileURI.fileName(ofURI: uri))
    }
}

/// The server's mutable record of an open document. Lives inside the server's locked state.
struct DocumentRecord {
    var uri: DocumentURI
    var languageIdentifier: String
    var version: Int
    var text: [UInt8]
    var lineIndex: LineIndex
    var language: SourceLanguage?
    /// Bumped on every change and every re-analysis request, so a finishing analysis can tell
    /// whether it is still the latest one.
    var generation: Int
    var analysis: DocumentAnalysis?
    var analysisGeneration: Int?
    /// True while an analysis of this document runs: at most one at a time per document, and
    /// when it ends the latest text is analysed next (changes in between coalesce).
    var isAnalysisRunning = false
    /// The version and findings last published for it.
    var published: (version: Int, findings: [Finding])?
    /// The next analysis was asked for by an edit to another file (``LanguageServer/recordModuleSummary(_:forPath:isProjectFile:)``):
    /// when its findings for the same version are those already published, nothing is sent.
    var publishesOnlyChanges = false

    var snapshot: OpenDocument {
        OpenDocument(
            uri: uri, languageIdentifier: languageIdentifier, version: version, text: text, lineIndex: lineIndex,
            language: language, analysis: analysisGeneration == generation ? analysis : nil)
    }

    var isAnalysisCurrent: Bool { language == nil || analysisGeneration == generation }
}

/// Applies `didChange` content changes to a document's bytes.
enum DocumentEditing {
    struct Outcome {
        var text: [UInt8]
        var lineIndex: LineIndex
        /// One line per change whose range had to be clamped (for the log).
        var clampNotes: [String]
    }

    /// Applies the changes in order, each against the text the previous one produced. Ranges
    /// outside the text are clamped (and reported); a range whose end precedes its start is
    /// taken as empty at the start.
    static func apply(_ changes: [TextDocumentContentChangeEvent], to text: [UInt8], lineIndex: LineIndex, unit: TextColumnUnit) -> Outcome {
        var text = text
        var lineIndex = lineIndex
        var notes: [String] = []
        for (number, change) in changes.enumerated() {
            let replacement = Array(change.text.utf8)
            guard let range = change.range else {
                text = replacement
                lineIndex = LineIndex(utf8: text)
                continue
            }
            let start = PositionConversion.offset(of: range.start, in: lineIndex, unit: unit)
            var end = PositionConversion.offset(of: range.end, in: lineIndex, unit: unit)
            var clamped = start.wasClamped || end.wasClamped
            if end.offset < start.offset {
                end = (start.offset, true)
                clamped = true
            }
            if clamped {
                notes.append("change \(number + 1): range \(range) does not fit the text (\(lineIndex.lineCount) lines); clamped")
            }
            text.replaceSubrange(start.offset..<end.offset, with: replacement)
            lineIndex = LineIndex(utf8: text)
        }
        return Outcome(text: text, lineIndex: lineIndex, clampNotes: notes)
    }
}
