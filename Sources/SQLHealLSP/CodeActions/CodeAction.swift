public struct CodeActionDisabled: Codable, Sendable, Hashable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// A code action literal (for clients with `codeActionLiteralSupport`). Leave ``edit`` empty and
/// put what is needed to compute it in ``data`` when the client resolves `edit` lazily
/// (`codeAction/resolve`).
public struct CodeAction: Codable, Sendable, Hashable {
    public var title: String
    public var kind: CodeActionKind?
    public var diagnostics: [Diagnostic]?
    /// Only for clients with `isPreferredSupport`.
    public var isPreferred: Bool?
    public var disabled: CodeActionDisabled?
    public var edit: WorkspaceEdit?
    public var command: Command?
    /// Only for clients with `dataSupport`; returned in `codeAction/resolve`.
    public var data: JSONValue?

    public init(
        title: String,
        kind: CodeActionKind? = nil,
        diagnostics: [Diagnostic]? = nil,
        isPreferred: Bool? = nil,
        disabled: CodeActionDisabled? = nil,
        edit: WorkspaceEdit? = nil,
        command: Command? = nil,
        data: JSONValue? = nil
    ) {
        self.title = title
        self.kind = kind
        self.diagnostics = diagnostics
        self.isPreferred = isPreferred
        self.disabled = disabled
        self.edit = edit
        self.command = command
        self.data = data
    }
}

/// An element of the `textDocument/codeAction` result: a ``CodeAction`` literal, or a bare
/// ``Command`` for clients without `codeActionLiteralSupport`.
public enum CodeActionOrCommand: Codable, Sendable, Hashable {
    case codeAction(CodeAction)
    case command(Command)

    private enum ProbeKeys: String, CodingKey { case command }

    public init(from decoder: any Decoder) throws {
        // A Command's `command` is a string; a CodeAction's is an object (or absent).
        let container = try decoder.container(keyedBy: ProbeKeys.self)
        if (try? container.decode(String.self, forKey: .command)) != nil {
            self = .command(try Command(from: decoder))
        } else {
            self = .codeAction(try CodeAction(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .codeAction(let action): try action.encode(to: encoder)
        case .command(let command): try command.encode(to: encoder)
        }
    }
}
