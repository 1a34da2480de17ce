public struct DidSaveTextDocumentNotification: LSPNotification, Hashable {
    public static let method = "textDocument/didSave"
    public var textDocument: TextDocumentIdentifier
    /// Present only when the server asked for it (`save.includeText`); sqlheal does not.
    public var text: String?
    public init(textDocument: TextDocumentIdentifier, text: String? = nil) {
        self.textDocument = textDocument
        self.text = text
    }
}
