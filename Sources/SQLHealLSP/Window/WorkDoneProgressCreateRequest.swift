/// `window/workDoneProgress/create` (server to client): creates ``token`` before `$/progress`
/// reports on it. Only for clients with `window.workDoneProgress`.
public struct WorkDoneProgressCreateRequest: LSPRequest, Hashable {
    public static let method = "window/workDoneProgress/create"
    public typealias Response = VoidResponse
    public var token: ProgressToken
    public init(token: ProgressToken) { self.token = token }
}
