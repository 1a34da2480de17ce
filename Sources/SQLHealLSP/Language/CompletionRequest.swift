/// `textDocument/completion`.
public struct CompletionRequest: TextDocumentPositionRequest, Hashable {
    public static let method = "textDocument/completion"
    public typealias Response = CompletionList?

    public struct Context: Codable, Sendable, Hashable {
        public var triggerKind: Int
        public var triggerCharacter: String?
    }

    public var textDocument: TextDocumentIdentifier
    public var position: Position
    public var context: Context?

    public init(textDocument: TextDocumentIdentifier, position: Position, context: Context? = nil) {
        self.textDocument = textDocument
        self.position = position
        self.context = context
    }
}

/// `CompletionItemKind`.
public struct CompletionItemKind: RawRepresentable, Codable, Sendable, Hashable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let function = CompletionItemKind(rawValue: 3)
    public static let field = CompletionItemKind(rawValue: 5)
    public static let variable = CompletionItemKind(rawValue: 6)
    public static let `class` = CompletionItemKind(rawValue: 7)
    public static let interface = CompletionItemKind(rawValue: 8)
    public static let module = CompletionItemKind(rawValue: 9)
    public static let keyword = CompletionItemKind(rawValue: 14)
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

public struct CompletionItem: Codable, Sendable, Hashable {
    public var label: String
    public var kind: CompletionItemKind?
    public var detail: String?
    public var documentation: MarkupContent?
    public var sortText: String?
    public var filterText: String?
    public var textEdit: TextEdit?

    public init(label: String, kind: CompletionItemKind?, detail: String?, documentation: MarkupContent?, sortText: String?, filterText: String?, textEdit: TextEdit?) {
        self.label = label
        self.kind = kind
        self.detail = detail
        self.documentation = documentation
        self.sortText = sortText
        self.filterText = filterText
        self.textEdit = textEdit
    }
}

public struct CompletionList: Codable, Sendable, Hashable {
    public var isIncomplete: Bool
    public var items: [CompletionItem]

    public init(isIncomplete: Bool, items: [CompletionItem]) {
        self.isIncomplete = isIncomplete
        self.items = items
    }
}

public struct CompletionOptions: Codable, Sendable, Hashable {
    public var triggerCharacters: [String]?
    public var resolveProvider: Bool?

    public init(triggerCharacters: [String]? = nil, resolveProvider: Bool? = nil) {
        self.triggerCharacters = triggerCharacters
        self.resolveProvider = resolveProvider
    }
}
