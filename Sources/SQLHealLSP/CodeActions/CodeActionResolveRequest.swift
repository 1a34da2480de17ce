/// `codeAction/resolve`: the client sends back a ``CodeAction`` (with its `data`) and wants the
/// missing properties (usually `edit`) filled in. The params are the action itself.
public struct CodeActionResolveRequest: LSPRequest, Hashable {
    public static let method = "codeAction/resolve"
    public typealias Response = CodeAction

    public var codeAction: CodeAction

    public init(codeAction: CodeAction) { self.codeAction = codeAction }
    public init(from decoder: any Decoder) throws { codeAction = try CodeAction(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try codeAction.encode(to: encoder) }
}
