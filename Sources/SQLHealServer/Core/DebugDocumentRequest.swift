import SQLHealAnalysis
import SQLHealLSP

/// `sqlheal/debugDocument`: what the server holds for an open document, for protocol fixtures
/// and for debugging editor integrations ("is the server's text the same as mine?").
///
/// With a ``range``, also returns the text of that range as the server resolves it in the
/// negotiated position encoding: the way fixtures check UTF-16 versus UTF-8 positions.
/// Not advertised (custom methods have no capability); answers -32602 for a document that is not open.
public struct DebugDocumentRequest: LSPRequest, Hashable {
    public static let method = "sqlheal/debugDocument"

    public struct Response: Codable, Sendable, Hashable {
        public var uri: DocumentURI
        public var version: Int
        public var languageId: String
        public var text: String
        public var lineCount: Int
        public var positionEncoding: PositionEncodingKind
        /// The text of the requested range, when one was given.
        public var rangeText: String?
        /// Whether the current version's analysis is done, and how many findings it has.
        public var analysed: Bool
        public var findingCount: Int?
    }

    public var textDocument: TextDocumentIdentifier
    public var range: LSPRange?

    public init(textDocument: TextDocumentIdentifier, range: LSPRange? = nil) {
        self.textDocument = textDocument
        self.range = range
    }
}

extension LanguageServer {
    func registerDebugHandlers() {
        registry.onRequest(DebugDocumentRequest.self) { request, reply, server in
            guard let document = server.document(request.textDocument.uri) else {
                reply.fail(.invalidParams("\(request.textDocument.uri) is not open"))
                return
            }
            var rangeText: String?
            if let range = request.range {
                let bytes = server.byteRange(of: range, in: document.lineIndex)
                rangeText = String(decoding: document.text[bytes], as: UTF8.self)
            }
            reply.succeed(DebugDocumentRequest.Response(
                uri: document.uri, version: document.version, languageId: document.languageIdentifier,
                text: document.textString, lineCount: document.lineIndex.lineCount, positionEncoding: server.positionEncoding,
                rangeText: rangeText, analysed: document.analysis != nil || document.language == nil,
                findingCount: document.analysis?.findings.count))
        }
    }
}
