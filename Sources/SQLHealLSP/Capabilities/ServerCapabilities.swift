/// What the server supports, answered to `initialize`. The core fills ``positionEncoding`` and
/// ``textDocumentSync``; each `ServerFeature` adds what it implements (and nothing else: keep
/// capabilities truthful), preferably through the `add…` helpers so features do not overwrite
/// each other.
public struct ServerCapabilities: Codable, Sendable, Hashable {
    public var positionEncoding: PositionEncodingKind?
    public var textDocumentSync: TextDocumentSyncOptions?
    public var codeActionProvider: CodeActionOptions?
    public var executeCommandProvider: ExecuteCommandOptions?
    public var workspace: WorkspaceServerCapabilities?
    public var experimental: JSONValue?
    public var hoverProvider: Bool?
    public var completionProvider: CompletionOptions?
    public var signatureHelpProvider: SignatureHelpOptions?
    public var definitionProvider: Bool?
    public var referencesProvider: Bool?
    public var documentHighlightProvider: Bool?
    public var documentSymbolProvider: Bool?
    public var semanticTokensProvider: SemanticTokensOptions?
    public var renameProvider: RenameOptions?

    public init(
        positionEncoding: PositionEncodingKind? = nil,
        textDocumentSync: TextDocumentSyncOptions? = nil,
        codeActionProvider: CodeActionOptions? = nil,
        executeCommandProvider: ExecuteCommandOptions? = nil,
        workspace: WorkspaceServerCapabilities? = nil,
        experimental: JSONValue? = nil
    ) {
        self.positionEncoding = positionEncoding
        self.textDocumentSync = textDocumentSync
        self.codeActionProvider = codeActionProvider
        self.executeCommandProvider = executeCommandProvider
        self.workspace = workspace
        self.experimental = experimental
    }

    /// Adds command ids to `executeCommandProvider.commands`, keeping the ones already there.
    public mutating func addExecuteCommands(_ commands: [String]) {
        var options = executeCommandProvider ?? ExecuteCommandOptions(commands: [])
        for command in commands where !options.commands.contains(command) { options.commands.append(command) }
        executeCommandProvider = options
    }

    /// Adds code action kinds to `codeActionProvider.codeActionKinds`; `resolveProvider` becomes
    /// true if any contributor resolves.
    public mutating func addCodeActionKinds(_ kinds: [CodeActionKind], resolveProvider: Bool = false) {
        var options = codeActionProvider ?? CodeActionOptions(codeActionKinds: [], resolveProvider: nil)
        var known = options.codeActionKinds ?? []
        for kind in kinds where !known.contains(kind) { known.append(kind) }
        options.codeActionKinds = known
        if resolveProvider { options.resolveProvider = true }
        codeActionProvider = options
    }
}

public struct TextDocumentSyncOptions: Codable, Sendable, Hashable {
    public struct SaveOptions: Codable, Sendable, Hashable {
        public var includeText: Bool?
        public init(includeText: Bool? = nil) { self.includeText = includeText }
    }
    public var openClose: Bool?
    public var change: TextDocumentSyncKind?
    public var save: SaveOptions?

    public init(openClose: Bool? = nil, change: TextDocumentSyncKind? = nil, save: SaveOptions? = nil) {
        self.openClose = openClose
        self.change = change
        self.save = save
    }
}

public struct CodeActionOptions: Codable, Sendable, Hashable {
    public var codeActionKinds: [CodeActionKind]?
    public var resolveProvider: Bool?
    public init(codeActionKinds: [CodeActionKind]? = nil, resolveProvider: Bool? = nil) {
        self.codeActionKinds = codeActionKinds
        self.resolveProvider = resolveProvider
    }
}

public struct ExecuteCommandOptions: Codable, Sendable, Hashable {
    public var commands: [String]
    public init(commands: [String]) { self.commands = commands }
}

public struct WorkspaceServerCapabilities: Codable, Sendable, Hashable {
    public struct WorkspaceFolders: Codable, Sendable, Hashable {
        public var supported: Bool?
        public var changeNotifications: Bool?
        public init(supported: Bool? = nil, changeNotifications: Bool? = nil) {
            self.supported = supported
            self.changeNotifications = changeNotifications
        }
    }
    /// LSP 3.18: the URI schemes whose documents the server provides (`workspace/textDocumentContent`).
    public struct TextDocumentContentOptions: Codable, Sendable, Hashable {
        public var schemes: [String]
        public init(schemes: [String]) { self.schemes = schemes }
    }
    public var workspaceFolders: WorkspaceFolders?
    public var textDocumentContent: TextDocumentContentOptions?
    public init(workspaceFolders: WorkspaceFolders? = nil, textDocumentContent: TextDocumentContentOptions? = nil) {
        self.workspaceFolders = workspaceFolders
        self.textDocumentContent = textDocumentContent
    }
}
