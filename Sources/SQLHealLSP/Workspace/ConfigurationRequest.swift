public struct ConfigurationItem: Codable, Sendable, Hashable {
    public var scopeUri: DocumentURI?
    public var section: String?
    public init(scopeUri: DocumentURI? = nil, section: String? = nil) {
        self.scopeUri = scopeUri
        self.section = section
    }
}

/// `workspace/configuration` (server to client): one settings value per item, in order (`null`
/// for unknown sections). Only for clients with `workspace.configuration`.
public struct ConfigurationRequest: LSPRequest, Hashable {
    public static let method = "workspace/configuration"
    public typealias Response = [JSONValue]

    public var items: [ConfigurationItem]
    public init(items: [ConfigurationItem]) { self.items = items }
}
