public struct WorkspaceFoldersChangeEvent: Codable, Sendable, Hashable {
    public var added: [WorkspaceFolder]
    public var removed: [WorkspaceFolder]
    public init(added: [WorkspaceFolder], removed: [WorkspaceFolder]) {
        self.added = added
        self.removed = removed
    }
}

/// `workspace/didChangeWorkspaceFolders` (when the server advertises
/// `workspace.workspaceFolders.changeNotifications`).
public struct DidChangeWorkspaceFoldersNotification: LSPNotification, Hashable {
    public static let method = "workspace/didChangeWorkspaceFolders"
    public var event: WorkspaceFoldersChangeEvent
    public init(event: WorkspaceFoldersChangeEvent) { self.event = event }
}
