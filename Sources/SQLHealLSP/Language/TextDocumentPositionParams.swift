/// The params shared by position requests (`hover`, `completion`, `signatureHelp`, …).
public protocol TextDocumentPositionRequest: LSPRequest {
    var textDocument: TextDocumentIdentifier { get }
    var position: Position { get }
}

/// `MarkupContent`: Markdown or plain text.
public struct MarkupContent: Codable, Sendable, Hashable {
    public var kind: String
    public var value: String

    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }

    public static func markdown(_ value: String) -> MarkupContent { MarkupContent(kind: "markdown", value: value) }
    public static func plaintext(_ value: String) -> MarkupContent { MarkupContent(kind: "plaintext", value: value) }
}
