/// `textDocument/definition` (answered with one `Location`).
public struct DefinitionRequest: TextDocumentPositionRequest, Hashable {
    public static let method = "textDocument/definition"
    public typealias Response = Location?

    public var textDocument: TextDocumentIdentifier
    public var position: Position

    public init(textDocument: TextDocumentIdentifier, position: Position) {
        self.textDocument = textDocument
        self.position = position
    }
}

/// `textDocument/documentHighlight`.
public struct DocumentHighlightRequest: TextDocumentPositionRequest, Hashable {
    public static let method = "textDocument/documentHighlight"
    public typealias Response = [DocumentHighlight]?

    public var textDocument: TextDocumentIdentifier
    public var position: Position

    public init(textDocument: TextDocumentIdentifier, position: Position) {
        self.textDocument = textDocument
        self.position = position
    }
}

public struct DocumentHighlight: Codable, Sendable, Hashable {
    /// 1 text, 2 read, 3 write.
    public var range: LSPRange
    public var kind: Int?

    public init(range: LSPRange, kind: Int?) {
        self.range = range
        self.kind = kind
    }
}

/// `textDocument/documentSymbol` (answered with hierarchical `DocumentSymbol`s).
public struct DocumentSymbolRequest: LSPRequest, Hashable {
    public static let method = "textDocument/documentSymbol"
    public typealias Response = [DocumentSymbol]?

    public var textDocument: TextDocumentIdentifier

    public init(textDocument: TextDocumentIdentifier) {
        self.textDocument = textDocument
    }
}

public struct DocumentSymbol: Codable, Sendable, Hashable {
    public var name: String
    public var detail: String?
    /// `SymbolKind`: 5 class, 8 field, 11 interface, 20 key, 24 event.
    public var kind: Int
    public var range: LSPRange
    public var selectionRange: LSPRange
    public var children: [DocumentSymbol]?

    public init(name: String, detail: String?, kind: Int, range: LSPRange, selectionRange: LSPRange, children: [DocumentSymbol]?) {
        self.name = name
        self.detail = detail
        self.kind = kind
        self.range = range
        self.selectionRange = selectionRange
        self.children = children
    }
}

/// `textDocument/semanticTokens/full`.
public struct SemanticTokensRequest: LSPRequest, Hashable {
    public static let method = "textDocument/semanticTokens/full"
    public typealias Response = SemanticTokens?

    public var textDocument: TextDocumentIdentifier

    public init(textDocument: TextDocumentIdentifier) {
        self.textDocument = textDocument
    }
}

public struct SemanticTokens: Codable, Sendable, Hashable {
    /// Five integers per token: line delta, start delta, length, type, modifiers.
    public var data: [Int]

    public init(data: [Int]) {
        self.data = data
    }
}

public struct SemanticTokensLegend: Codable, Sendable, Hashable {
    public var tokenTypes: [String]
    public var tokenModifiers: [String]

    public init(tokenTypes: [String], tokenModifiers: [String]) {
        self.tokenTypes = tokenTypes
        self.tokenModifiers = tokenModifiers
    }
}

public struct SemanticTokensOptions: Codable, Sendable, Hashable {
    public var legend: SemanticTokensLegend
    public var full: Bool

    public init(legend: SemanticTokensLegend, full: Bool) {
        self.legend = legend
        self.full = full
    }
}

/// `textDocument/references`.
public struct ReferencesRequest: TextDocumentPositionRequest, Hashable {
    public static let method = "textDocument/references"
    public typealias Response = [Location]?

    public struct Context: Codable, Sendable, Hashable {
        public var includeDeclaration: Bool
        public init(includeDeclaration: Bool) { self.includeDeclaration = includeDeclaration }
    }

    public var textDocument: TextDocumentIdentifier
    public var position: Position
    public var context: Context

    public init(textDocument: TextDocumentIdentifier, position: Position, context: Context) {
        self.textDocument = textDocument
        self.position = position
        self.context = context
    }
}

/// `textDocument/prepareRename`: the range of the name to rename and its text, or an error saying
/// why nothing there can be renamed.
public struct PrepareRenameRequest: TextDocumentPositionRequest, Hashable {
    public static let method = "textDocument/prepareRename"
    public typealias Response = PrepareRenameResult?

    public var textDocument: TextDocumentIdentifier
    public var position: Position

    public init(textDocument: TextDocumentIdentifier, position: Position) {
        self.textDocument = textDocument
        self.position = position
    }
}

public struct PrepareRenameResult: Codable, Sendable, Hashable {
    public var range: LSPRange
    public var placeholder: String

    public init(range: LSPRange, placeholder: String) {
        self.range = range
        self.placeholder = placeholder
    }
}

/// `textDocument/rename`.
public struct RenameRequest: TextDocumentPositionRequest, Hashable {
    public static let method = "textDocument/rename"
    public typealias Response = WorkspaceEdit?

    public var textDocument: TextDocumentIdentifier
    public var position: Position
    public var newName: String

    public init(textDocument: TextDocumentIdentifier, position: Position, newName: String) {
        self.textDocument = textDocument
        self.position = position
        self.newName = newName
    }
}

/// `renameProvider` in the server capabilities.
public struct RenameOptions: Codable, Sendable, Hashable {
    public var prepareProvider: Bool?
    public init(prepareProvider: Bool? = nil) { self.prepareProvider = prepareProvider }
}

/// `workspace/textDocumentContent` (LSP 3.18): the text of a document the server provides under
/// one of the schemes it announced (sqlheal's `sqlheal-schema:`).
public struct TextDocumentContentRequest: LSPRequest, Hashable {
    public static let method = "workspace/textDocumentContent"
    public typealias Response = TextDocumentContentResult

    public var uri: DocumentURI
    public init(uri: DocumentURI) { self.uri = uri }
}

/// `sqlheal/schemaDocument`: the same answer for clients without LSP 3.18 (an editor command
/// opens the `sqlheal-schema:` location definition returned).
public struct SchemaDocumentRequest: LSPRequest, Hashable {
    public static let method = "sqlheal/schemaDocument"
    public typealias Response = TextDocumentContentResult

    public var uri: DocumentURI
    public init(uri: DocumentURI) { self.uri = uri }
}

public struct TextDocumentContentResult: Codable, Sendable, Hashable {
    public var text: String
    public init(text: String) { self.text = text }
}
