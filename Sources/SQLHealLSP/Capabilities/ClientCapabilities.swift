/// What the client supports, as sent in `initialize`. Only the parts sqlheal reads are typed;
/// ``raw`` keeps everything the client sent, for anything else.
///
/// Decoding is lenient per group: a malformed `window` section does not make `initialize` fail,
/// it only reads as absent.
public struct ClientCapabilities: Codable, Sendable, Hashable {
    public var general: GeneralClientCapabilities?
    public var textDocument: TextDocumentClientCapabilities?
    public var workspace: WorkspaceClientCapabilities?
    public var window: WindowClientCapabilities?
    public var experimental: JSONValue?
    /// The capabilities object exactly as the client sent it.
    public var raw: JSONValue

    public init(
        general: GeneralClientCapabilities? = nil,
        textDocument: TextDocumentClientCapabilities? = nil,
        workspace: WorkspaceClientCapabilities? = nil,
        window: WindowClientCapabilities? = nil,
        experimental: JSONValue? = nil
    ) {
        self.general = general
        self.textDocument = textDocument
        self.workspace = workspace
        self.window = window
        self.experimental = experimental
        self.raw = .object([:])
    }

    private enum CodingKeys: String, CodingKey { case general, textDocument, workspace, window, experimental }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        general = try? container.decodeIfPresent(GeneralClientCapabilities.self, forKey: .general)
        textDocument = try? container.decodeIfPresent(TextDocumentClientCapabilities.self, forKey: .textDocument)
        workspace = try? container.decodeIfPresent(WorkspaceClientCapabilities.self, forKey: .workspace)
        window = try? container.decodeIfPresent(WindowClientCapabilities.self, forKey: .window)
        experimental = try? container.decodeIfPresent(JSONValue.self, forKey: .experimental)
        raw = (try? JSONValue(from: decoder)) ?? .object([:])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(general, forKey: .general)
        try container.encodeIfPresent(textDocument, forKey: .textDocument)
        try container.encodeIfPresent(workspace, forKey: .workspace)
        try container.encodeIfPresent(window, forKey: .window)
        try container.encodeIfPresent(experimental, forKey: .experimental)
    }

    // MARK: Answers to the questions features ask

    /// `workspace.workspaceEdit.documentChanges`: send `documentChanges` instead of `changes`.
    public var supportsDocumentChanges: Bool { workspace?.workspaceEdit?.documentChanges ?? false }
    /// `workspace.workspaceEdit.resourceOperations` holds `create`: a workspace edit may create files.
    public var supportsCreatingFiles: Bool { supportsDocumentChanges && (workspace?.workspaceEdit?.resourceOperations?.contains("create") ?? false) }
    public var supportsPrepareRename: Bool { textDocument?.rename?.prepareSupport ?? false }
    /// `workspace.applyEdit`: the client accepts `workspace/applyEdit` requests.
    public var supportsApplyEdit: Bool { workspace?.applyEdit ?? false }
    /// `workspace.configuration`: the client answers `workspace/configuration`.
    public var supportsConfigurationRequest: Bool { workspace?.configuration ?? false }
    /// `workspace.didChangeWatchedFiles.dynamicRegistration` (Neovim turns it off on Linux).
    public var supportsWatchedFilesRegistration: Bool { workspace?.didChangeWatchedFiles?.dynamicRegistration ?? false }
    public var supportsWorkspaceFolders: Bool { workspace?.workspaceFolders ?? false }
    /// `window.workDoneProgress`: the server may create progress tokens.
    public var supportsWorkDoneProgress: Bool { window?.workDoneProgress ?? false }
    public var supportsRelatedInformation: Bool { textDocument?.publishDiagnostics?.relatedInformation ?? false }
    public var supportsCodeDescription: Bool { textDocument?.publishDiagnostics?.codeDescriptionSupport ?? false }
    public var supportsDiagnosticData: Bool { textDocument?.publishDiagnostics?.dataSupport ?? false }
    public var supportsDiagnosticVersion: Bool { textDocument?.publishDiagnostics?.versionSupport ?? false }
    /// `textDocument.codeAction.codeActionLiteralSupport`: answer with `CodeAction`s, else `Command`s.
    public var supportsCodeActionLiterals: Bool { textDocument?.codeAction?.codeActionLiteralSupport != nil }
    public var supportsCodeActionResolve: Bool { !(textDocument?.codeAction?.resolveSupport?.properties ?? []).isEmpty }
    /// The properties the client lets the server fill in lazily in `codeAction/resolve` (`edit`).
    public var codeActionResolvableProperties: [String] { textDocument?.codeAction?.resolveSupport?.properties ?? [] }
    public var supportsCodeActionData: Bool { textDocument?.codeAction?.dataSupport ?? false }
    public var supportsCodeActionIsPreferred: Bool { textDocument?.codeAction?.isPreferredSupport ?? false }
}

public struct GeneralClientCapabilities: Codable, Sendable, Hashable {
    /// The encodings the client can use, most preferred first. Absent means UTF-16 only.
    public var positionEncodings: [PositionEncodingKind]?
    public init(positionEncodings: [PositionEncodingKind]? = nil) { self.positionEncodings = positionEncodings }
}

public struct TextDocumentClientCapabilities: Codable, Sendable, Hashable {
    public struct Synchronization: Codable, Sendable, Hashable {
        public var dynamicRegistration: Bool?
        public var willSave: Bool?
        public var willSaveWaitUntil: Bool?
        public var didSave: Bool?
        public init(dynamicRegistration: Bool? = nil, willSave: Bool? = nil, willSaveWaitUntil: Bool? = nil, didSave: Bool? = nil) {
            self.dynamicRegistration = dynamicRegistration
            self.willSave = willSave
            self.willSaveWaitUntil = willSaveWaitUntil
            self.didSave = didSave
        }
    }

    public struct PublishDiagnostics: Codable, Sendable, Hashable {
        public struct TagSupport: Codable, Sendable, Hashable {
            public var valueSet: [DiagnosticTag]
            public init(valueSet: [DiagnosticTag]) { self.valueSet = valueSet }
        }
        public var relatedInformation: Bool?
        public var tagSupport: TagSupport?
        public var versionSupport: Bool?
        public var codeDescriptionSupport: Bool?
        public var dataSupport: Bool?
        public init(relatedInformation: Bool? = nil, tagSupport: TagSupport? = nil, versionSupport: Bool? = nil, codeDescriptionSupport: Bool? = nil, dataSupport: Bool? = nil) {
            self.relatedInformation = relatedInformation
            self.tagSupport = tagSupport
            self.versionSupport = versionSupport
            self.codeDescriptionSupport = codeDescriptionSupport
            self.dataSupport = dataSupport
        }
    }

    public struct CodeAction: Codable, Sendable, Hashable {
        public struct LiteralSupport: Codable, Sendable, Hashable {
            public struct Kinds: Codable, Sendable, Hashable {
                public var valueSet: [CodeActionKind]
                public init(valueSet: [CodeActionKind]) { self.valueSet = valueSet }
            }
            public var codeActionKind: Kinds
            public init(codeActionKind: Kinds) { self.codeActionKind = codeActionKind }
        }
        public struct ResolveSupport: Codable, Sendable, Hashable {
            public var properties: [String]
            public init(properties: [String]) { self.properties = properties }
        }
        public var dynamicRegistration: Bool?
        public var codeActionLiteralSupport: LiteralSupport?
        public var isPreferredSupport: Bool?
        public var disabledSupport: Bool?
        public var dataSupport: Bool?
        public var resolveSupport: ResolveSupport?
        public var honorsChangeAnnotations: Bool?
        public init(dynamicRegistration: Bool? = nil, codeActionLiteralSupport: LiteralSupport? = nil, isPreferredSupport: Bool? = nil, disabledSupport: Bool? = nil, dataSupport: Bool? = nil, resolveSupport: ResolveSupport? = nil, honorsChangeAnnotations: Bool? = nil) {
            self.dynamicRegistration = dynamicRegistration
            self.codeActionLiteralSupport = codeActionLiteralSupport
            self.isPreferredSupport = isPreferredSupport
            self.disabledSupport = disabledSupport
            self.dataSupport = dataSupport
            self.resolveSupport = resolveSupport
            self.honorsChangeAnnotations = honorsChangeAnnotations
        }
    }

    public struct Rename: Codable, Sendable, Hashable {
        public var dynamicRegistration: Bool?
        public var prepareSupport: Bool?
        public init(dynamicRegistration: Bool? = nil, prepareSupport: Bool? = nil) {
            self.dynamicRegistration = dynamicRegistration
            self.prepareSupport = prepareSupport
        }
    }

    public var synchronization: Synchronization?
    public var publishDiagnostics: PublishDiagnostics?
    public var codeAction: CodeAction?
    public var rename: Rename?

    public init(synchronization: Synchronization? = nil, publishDiagnostics: PublishDiagnostics? = nil, codeAction: CodeAction? = nil, rename: Rename? = nil) {
        self.synchronization = synchronization
        self.publishDiagnostics = publishDiagnostics
        self.codeAction = codeAction
        self.rename = rename
    }

    private enum CodingKeys: String, CodingKey { case synchronization, publishDiagnostics, codeAction, rename }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        synchronization = try? container.decodeIfPresent(Synchronization.self, forKey: .synchronization)
        publishDiagnostics = try? container.decodeIfPresent(PublishDiagnostics.self, forKey: .publishDiagnostics)
        codeAction = try? container.decodeIfPresent(CodeAction.self, forKey: .codeAction)
        rename = try? container.decodeIfPresent(Rename.self, forKey: .rename)
    }
}

public struct WorkspaceClientCapabilities: Codable, Sendable, Hashable {
    public struct WorkspaceEditCapabilities: Codable, Sendable, Hashable {
        public var documentChanges: Bool?
        public var resourceOperations: [String]?
        public var failureHandling: String?
        public init(documentChanges: Bool? = nil, resourceOperations: [String]? = nil, failureHandling: String? = nil) {
            self.documentChanges = documentChanges
            self.resourceOperations = resourceOperations
            self.failureHandling = failureHandling
        }
    }
    public struct DynamicRegistration: Codable, Sendable, Hashable {
        public var dynamicRegistration: Bool?
        public init(dynamicRegistration: Bool? = nil) { self.dynamicRegistration = dynamicRegistration }
    }
    public struct DidChangeWatchedFiles: Codable, Sendable, Hashable {
        public var dynamicRegistration: Bool?
        public var relativePatternSupport: Bool?
        public init(dynamicRegistration: Bool? = nil, relativePatternSupport: Bool? = nil) {
            self.dynamicRegistration = dynamicRegistration
            self.relativePatternSupport = relativePatternSupport
        }
    }

    public var applyEdit: Bool?
    public var workspaceEdit: WorkspaceEditCapabilities?
    public var didChangeConfiguration: DynamicRegistration?
    public var didChangeWatchedFiles: DidChangeWatchedFiles?
    public var executeCommand: DynamicRegistration?
    public var workspaceFolders: Bool?
    public var configuration: Bool?

    public init(applyEdit: Bool? = nil, workspaceEdit: WorkspaceEditCapabilities? = nil, didChangeConfiguration: DynamicRegistration? = nil, didChangeWatchedFiles: DidChangeWatchedFiles? = nil, executeCommand: DynamicRegistration? = nil, workspaceFolders: Bool? = nil, configuration: Bool? = nil) {
        self.applyEdit = applyEdit
        self.workspaceEdit = workspaceEdit
        self.didChangeConfiguration = didChangeConfiguration
        self.didChangeWatchedFiles = didChangeWatchedFiles
        self.executeCommand = executeCommand
        self.workspaceFolders = workspaceFolders
        self.configuration = configuration
    }

    private enum CodingKeys: String, CodingKey {
        case applyEdit, workspaceEdit, didChangeConfiguration, didChangeWatchedFiles, executeCommand, workspaceFolders, configuration
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        applyEdit = try? container.decodeIfPresent(Bool.self, forKey: .applyEdit)
        workspaceEdit = try? container.decodeIfPresent(WorkspaceEditCapabilities.self, forKey: .workspaceEdit)
        didChangeConfiguration = try? container.decodeIfPresent(DynamicRegistration.self, forKey: .didChangeConfiguration)
        didChangeWatchedFiles = try? container.decodeIfPresent(DidChangeWatchedFiles.self, forKey: .didChangeWatchedFiles)
        executeCommand = try? container.decodeIfPresent(DynamicRegistration.self, forKey: .executeCommand)
        workspaceFolders = try? container.decodeIfPresent(Bool.self, forKey: .workspaceFolders)
        configuration = try? container.decodeIfPresent(Bool.self, forKey: .configuration)
    }
}

public struct WindowClientCapabilities: Codable, Sendable, Hashable {
    public struct ShowMessage: Codable, Sendable, Hashable {
        public struct MessageActionItem: Codable, Sendable, Hashable {
            public var additionalPropertiesSupport: Bool?
            public init(additionalPropertiesSupport: Bool? = nil) { self.additionalPropertiesSupport = additionalPropertiesSupport }
        }
        public var messageActionItem: MessageActionItem?
        public init(messageActionItem: MessageActionItem? = nil) { self.messageActionItem = messageActionItem }
    }
    public struct ShowDocument: Codable, Sendable, Hashable {
        public var support: Bool
        public init(support: Bool) { self.support = support }
    }

    public var workDoneProgress: Bool?
    public var showMessage: ShowMessage?
    public var showDocument: ShowDocument?

    public init(workDoneProgress: Bool? = nil, showMessage: ShowMessage? = nil, showDocument: ShowDocument? = nil) {
        self.workDoneProgress = workDoneProgress
        self.showMessage = showMessage
        self.showDocument = showDocument
    }

    private enum CodingKeys: String, CodingKey { case workDoneProgress, showMessage, showDocument }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        workDoneProgress = try? container.decodeIfPresent(Bool.self, forKey: .workDoneProgress)
        showMessage = try? container.decodeIfPresent(ShowMessage.self, forKey: .showMessage)
        showDocument = try? container.decodeIfPresent(ShowDocument.self, forKey: .showDocument)
    }
}
