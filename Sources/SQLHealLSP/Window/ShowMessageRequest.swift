public struct MessageActionItem: Codable, Sendable, Hashable {
    public var title: String
    public init(title: String) { self.title = title }
}

/// `window/showMessageRequest` (server to client): a message with buttons; the answer is the
/// chosen button or `null` when dismissed.
public struct ShowMessageRequest: LSPRequest, Hashable {
    public static let method = "window/showMessageRequest"
    public typealias Response = MessageActionItem?

    public var type: MessageType
    public var message: String
    public var actions: [MessageActionItem]?

    public init(type: MessageType, message: String, actions: [MessageActionItem]? = nil) {
        self.type = type
        self.message = message
        self.actions = actions
    }
}
