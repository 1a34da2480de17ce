public struct TextDocumentEdit: Codable, Sendable, Hashable {
    public var textDocument: OptionalVersionedTextDocumentIdentifier
    public var edits: [TextEdit]

    public init(textDocument: OptionalVersionedTextDocumentIdentifier, edits: [TextEdit]) {
        self.textDocument = textDocument
        self.edits = edits
    }
}

public struct CreateFileOptions: Codable, Sendable, Hashable {
    public var overwrite: Bool?
    public var ignoreIfExists: Bool?
    public init(overwrite: Bool? = nil, ignoreIfExists: Bool? = nil) {
        self.overwrite = overwrite
        self.ignoreIfExists = ignoreIfExists
    }
}

public struct CreateFile: Codable, Sendable, Hashable {
    public var kind = "create"
    public var uri: DocumentURI
    public var options: CreateFileOptions?
    public init(uri: DocumentURI, options: CreateFileOptions? = nil) {
        self.uri = uri
        self.options = options
    }
}

public struct RenameFile: Codable, Sendable, Hashable {
    public var kind = "rename"
    public var oldUri: DocumentURI
    public var newUri: DocumentURI
    public init(oldUri: DocumentURI, newUri: DocumentURI) {
        self.oldUri = oldUri
        self.newUri = newUri
    }
}

public struct DeleteFile: Codable, Sendable, Hashable {
    public var kind = "delete"
    public var uri: DocumentURI
    public init(uri: DocumentURI) { self.uri = uri }
}

/// One element of `WorkspaceEdit.documentChanges`.
public enum WorkspaceDocumentChange: Codable, Sendable, Hashable {
    case textDocumentEdit(TextDocumentEdit)
    case createFile(CreateFile)
    case renameFile(RenameFile)
    case deleteFile(DeleteFile)

    private enum KindKey: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: KindKey.self).decodeIfPresent(String.self, forKey: .kind)
        switch kind {
        case "create": self = .createFile(try CreateFile(from: decoder))
        case "rename": self = .renameFile(try RenameFile(from: decoder))
        case "delete": self = .deleteFile(try DeleteFile(from: decoder))
        default: self = .textDocumentEdit(try TextDocumentEdit(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .textDocumentEdit(let edit): try edit.encode(to: encoder)
        case .createFile(let operation): try operation.encode(to: encoder)
        case .renameFile(let operation): try operation.encode(to: encoder)
        case .deleteFile(let operation): try operation.encode(to: encoder)
        }
    }
}

/// Changes to many documents. Send ``documentChanges`` only to clients whose
/// `workspace.workspaceEdit.documentChanges` capability is true, ``changes`` otherwise
/// (`ClientCapabilities.supportsDocumentChanges`).
public struct WorkspaceEdit: Codable, Sendable, Hashable {
    public var changes: [DocumentURI: [TextEdit]]?
    public var documentChanges: [WorkspaceDocumentChange]?

    public init(changes: [DocumentURI: [TextEdit]]? = nil, documentChanges: [WorkspaceDocumentChange]? = nil) {
        self.changes = changes
        self.documentChanges = documentChanges
    }

    /// Builds the edit in the form the client understands.
    ///
    /// - Parameters:
    ///   - edits: the text edits per document, with the version each was computed against
    ///     (`nil` for a document that is not open).
    ///   - useDocumentChanges: the client's `workspace.workspaceEdit.documentChanges` capability.
    public init(edits: [(document: OptionalVersionedTextDocumentIdentifier, edits: [TextEdit])], useDocumentChanges: Bool) {
        if useDocumentChanges {
            self.init(documentChanges: edits.map { .textDocumentEdit(TextDocumentEdit(textDocument: $0.document, edits: $0.edits)) })
        } else {
            var changes: [DocumentURI: [TextEdit]] = [:]
            for entry in edits { changes[entry.document.uri, default: []].append(contentsOf: entry.edits) }
            self.init(changes: changes)
        }
    }
}
