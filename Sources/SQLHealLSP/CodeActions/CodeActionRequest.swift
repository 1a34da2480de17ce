public struct CodeActionContext: Codable, Sendable, Hashable {
    /// The diagnostics the client shows in the range (only those it got from this server).
    public var diagnostics: [Diagnostic]
    /// When present, answer only actions of these kinds (Neovim asks `source.*` only this way).
    public var only: [CodeActionKind]?
    public var triggerKind: CodeActionTriggerKind?

    public init(diagnostics: [Diagnostic] = [], only: [CodeActionKind]? = nil, triggerKind: CodeActionTriggerKind? = nil) {
        self.diagnostics = diagnostics
        self.only = only
        self.triggerKind = triggerKind
    }
}

/// `textDocument/codeAction`.
public struct CodeActionRequest: LSPRequest, Hashable {
    public static let method = "textDocument/codeAction"
    public typealias Response = [CodeActionOrCommand]?

    public var textDocument: TextDocumentIdentifier
    public var range: LSPRange
    public var context: CodeActionContext

    public init(textDocument: TextDocumentIdentifier, range: LSPRange, context: CodeActionContext) {
        self.textDocument = textDocument
        self.range = range
        self.context = context
    }
}
