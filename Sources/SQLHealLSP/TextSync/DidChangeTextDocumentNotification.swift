/// One edit of `didChange`: with a ``range``, replace that range; without, replace the whole text.
public struct TextDocumentContentChangeEvent: Codable, Sendable, Hashable {
    public var range: LSPRange?
    /// Deprecated by the specification; ignored (the range is authoritative).
    public var rangeLength: Int?
    public var text: String

    public init(range: LSPRange? = nil, rangeLength: Int? = nil, text: String) {
        self.range = range
        self.rangeLength = rangeLength
        self.text = text
    }
}

/// `textDocument/didChange`: apply ``contentChanges`` in order; the document then has ``textDocument``'s version.
public struct DidChangeTextDocumentNotification: LSPNotification, Hashable {
    public static let method = "textDocument/didChange"
    public var textDocument: VersionedTextDocumentIdentifier
    public var contentChanges: [TextDocumentContentChangeEvent]

    public init(textDocument: VersionedTextDocumentIdentifier, contentChanges: [TextDocumentContentChangeEvent]) {
        self.textDocument = textDocument
        self.contentChanges = contentChanges
    }
}
