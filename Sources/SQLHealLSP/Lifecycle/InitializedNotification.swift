/// `initialized`: the client got the `initialize` result. Server-to-client requests may start now.
public struct InitializedNotification: LSPNotification, Hashable {
    public static let method = "initialized"
    public init() {}
}
