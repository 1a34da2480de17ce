/// A command the client can ask the server to run (`workspace/executeCommand`). Ids are global in
/// VS Code: prefix them (`sqlheal.`).
public struct Command: Codable, Sendable, Hashable {
    public var title: String
    public var command: String
    public var arguments: [JSONValue]?

    public init(title: String, command: String, arguments: [JSONValue]? = nil) {
        self.title = title
        self.command = command
        self.arguments = arguments
    }
}
