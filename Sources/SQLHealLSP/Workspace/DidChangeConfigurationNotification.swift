/// `workspace/didChangeConfiguration`. Clients in pull mode send `settings: null` and expect the
/// server to ask again with `workspace/configuration`.
public struct DidChangeConfigurationNotification: LSPNotification, Hashable {
    public static let method = "workspace/didChangeConfiguration"
    public var settings: JSONValue?
    public init(settings: JSONValue? = nil) { self.settings = settings }
}
