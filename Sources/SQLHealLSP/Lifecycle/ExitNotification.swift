/// `exit`: the process ends, with code 0 after `shutdown` and 1 otherwise.
public struct ExitNotification: LSPNotification, Hashable {
    public static let method = "exit"
    public init() {}
}
