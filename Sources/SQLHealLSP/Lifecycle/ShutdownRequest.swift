/// `shutdown`: stop working, answer `null`, then wait for `exit`.
public struct ShutdownRequest: LSPRequest, Hashable {
    public static let method = "shutdown"
    public typealias Response = VoidResponse
    public init() {}
}
