/// `$/cancelRequest`: the client no longer wants the answer to request ``id``; the server
/// answers it with -32800 unless it already answered.
public struct CancelRequestNotification: LSPNotification, Hashable {
    public static let method = "$/cancelRequest"
    public var id: RequestID
    public init(id: RequestID) { self.id = id }
}
