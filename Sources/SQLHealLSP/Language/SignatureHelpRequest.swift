/// `textDocument/signatureHelp`.
public struct SignatureHelpRequest: TextDocumentPositionRequest, Hashable {
    public static let method = "textDocument/signatureHelp"
    public typealias Response = SignatureHelp?

    public var textDocument: TextDocumentIdentifier
    public var position: Position

    public init(textDocument: TextDocumentIdentifier, position: Position) {
        self.textDocument = textDocument
        self.position = position
    }
}

public struct ParameterInformation: Codable, Sendable, Hashable {
    public var label: String
    public init(label: String) { self.label = label }
}

public struct SignatureInformation: Codable, Sendable, Hashable {
    public var label: String
    public var documentation: MarkupContent?
    public var parameters: [ParameterInformation]

    public init(label: String, documentation: MarkupContent?, parameters: [ParameterInformation]) {
        self.label = label
        self.documentation = documentation
        self.parameters = parameters
    }
}

public struct SignatureHelp: Codable, Sendable, Hashable {
    public var signatures: [SignatureInformation]
    public var activeSignature: Int
    public var activeParameter: Int

    public init(signatures: [SignatureInformation], activeSignature: Int, activeParameter: Int) {
        self.signatures = signatures
        self.activeSignature = activeSignature
        self.activeParameter = activeParameter
    }
}

public struct SignatureHelpOptions: Codable, Sendable, Hashable {
    public var triggerCharacters: [String]?
    public var retriggerCharacters: [String]?

    public init(triggerCharacters: [String]? = nil, retriggerCharacters: [String]? = nil) {
        self.triggerCharacters = triggerCharacters
        self.retriggerCharacters = retriggerCharacters
    }
}
