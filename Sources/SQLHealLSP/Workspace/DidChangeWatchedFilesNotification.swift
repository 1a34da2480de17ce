public struct FileEvent: Codable, Sendable, Hashable {
    public var uri: DocumentURI
    public var type: FileChangeType
    public init(uri: DocumentURI, type: FileChangeType) {
        self.uri = uri
        self.type = type
    }
}

/// `workspace/didChangeWatchedFiles`: files matching registered watchers changed on disk.
public struct DidChangeWatchedFilesNotification: LSPNotification, Hashable {
    public static let method = "workspace/didChangeWatchedFiles"
    public var changes: [FileEvent]
    public init(changes: [FileEvent]) { self.changes = changes }
}

public struct FileSystemWatcher: Codable, Sendable, Hashable {
    /// A glob such as `**/*.db` (a `RelativePattern` object is also allowed by the specification,
    /// only for clients with `relativePatternSupport`).
    public var globPattern: JSONValue
    public var kind: WatchKind?

    public init(globPattern: String, kind: WatchKind? = nil) {
        self.globPattern = .string(globPattern)
        self.kind = kind
    }

    /// A pattern relative to a workspace folder (needs `relativePatternSupport`).
    public init(baseURI: DocumentURI, pattern: String, kind: WatchKind? = nil) {
        self.globPattern = .object(["baseUri": .string(baseURI), "pattern": .string(pattern)])
        self.kind = kind
    }
}

/// `registerOptions` of a `workspace/didChangeWatchedFiles` ``Registration``.
public struct DidChangeWatchedFilesRegistrationOptions: Codable, Sendable, Hashable {
    public var watchers: [FileSystemWatcher]
    public init(watchers: [FileSystemWatcher]) { self.watchers = watchers }
}
