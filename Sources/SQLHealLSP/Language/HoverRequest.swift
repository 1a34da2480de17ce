/// `textDocument/hover`.
public struct HoverRequest: TextDocumentPositionRequest, Hashable {
    public static let method = "textDocument/hover"
    public typealias Response = Hover?

    public var textDocument: TextDocumentIdentifier
    public var position: Position

    public init(textDocument: TextDocumentIdentifier, position: Position) {
        self.textDocument = textDocument
        self.position = position
    }
}

public struct Hover: Codable, Sendable, Hashable {
    public var contents: MarkupContent
    public var range: LSPRange?

    public init(contents: MarkupContent, range: LSPRange?) {
        self.contents = contents
        self.range = range
    }
}
