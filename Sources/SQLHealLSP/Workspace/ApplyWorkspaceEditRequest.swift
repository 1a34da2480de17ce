/// `workspace/applyEdit` (server to client). Only for clients with `workspace.applyEdit`.
public struct ApplyWorkspaceEditRequest: LSPRequest, Hashable {
    public static let method = "workspace/applyEdit"
    public typealias Response = ApplyWorkspaceEditResult

    /// Shown in the undo stack.
    public var label: String?
    public var edit: WorkspaceEdit

    public init(label: String? = nil, edit: WorkspaceEdit) {
        self.label = label
        self.edit = edit
    }
}

public struct ApplyWorkspaceEditResult: Codable, Sendable, Hashable {
    public var applied: Bool
    public var failureReason: String?
    public var failedChange: Int?

    public init(applied: Bool, failureReason: String? = nil, failedChange: Int? = nil) {
        self.applied = applied
        self.failureReason = failureReason
        self.failedChange = failedChange
    }
}
