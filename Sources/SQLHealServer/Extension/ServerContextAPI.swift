import Foundation
import SQLHealAnalysis
import SQLHealLSP
import SQLHealWorkspace

/// What features call. Every method here is thread-safe.
public typealias ServerContext = LanguageServer

extension LanguageServer {
    // MARK: - The client

    /// The client's capabilities (empty before `initialize`).
    public var clientCapabilities: ClientCapabilities { state.withLock { $0.clientCapabilities } }

    /// The `initialize` params (with `initializationOptions`), `nil` before `initialize`.
    public var initializeParams: InitializeRequest? { state.withLock { $0.initializeParams } }

    /// The negotiated position encoding (UTF-16 unless the client offered only others).
    public var positionEncoding: PositionEncodingKind { state.withLock { $0.positionEncoding } }

    /// The negotiated encoding as the analysis core's column unit.
    public var columnUnit: TextColumnUnit { PositionConversion.columnUnit(for: positionEncoding) }

    /// The workspace folders: from `initialize` (falling back to `rootUri`), kept up to date by
    /// `workspace/didChangeWorkspaceFolders`.
    public var workspaceFolders: [WorkspaceFolder] { state.withLock { $0.workspaceFolders } }

    /// The innermost workspace folder holding `uri`, if any.
    public func workspaceFolder(containing uri: DocumentURI) -> WorkspaceFolder? {
        workspaceFolders.filter { Self.folder($0.uri, contains: uri) }.max { $0.uri.count < $1.uri.count }
    }

    // MARK: - Documents

    /// A snapshot of an open document, `nil` when the client has not opened it.
    public func document(_ uri: DocumentURI) -> OpenDocument? { state.withLock { $0.documents[uri]?.snapshot } }

    /// Snapshots of every open document.
    public var openDocuments: [OpenDocument] { state.withLock { $0.documents.values.map(\.snapshot) } }

    /// Calls `body` (on the message queue) with the document once the analysis of its current
    /// version is ready: at once if it already is, `nil` if it is not open or gets closed first.
    /// Use it in code actions so they see the findings of the text the client shows.
    public func withCurrentAnalysis(of uri: DocumentURI, _ body: @escaping @Sendable (OpenDocument?) -> Void) {
        state.withLock { $0.analysisWaiters[uri, default: []].append(body) }
        messageQueue.async { [self] in fireAnalysisWaiters(for: uri) }
    }

    /// The async form of ``withCurrentAnalysis(of:_:)``.
    public func currentAnalysis(of uri: DocumentURI) async -> OpenDocument? {
        await withCheckedContinuation { continuation in
            withCurrentAnalysis(of: uri) { continuation.resume(returning: $0) }
        }
    }

    // MARK: - Positions (always in the negotiated encoding)

    public func lspPosition(ofOffset offset: Int, in lineIndex: LineIndex) -> Position {
        PositionConversion.position(ofOffset: offset, in: lineIndex, unit: columnUnit)
    }

    public func lspRange(of byteRange: ByteRange, in lineIndex: LineIndex) -> LSPRange {
        PositionConversion.range(of: byteRange, in: lineIndex, unit: columnUnit)
    }

    /// The byte offset of a client position, clamped into the text.
    public func byteOffset(of position: Position, in lineIndex: LineIndex) -> Int {
        PositionConversion.offset(of: position, in: lineIndex, unit: columnUnit).offset
    }

    /// The byte range of a client range, clamped into the text.
    public func byteRange(of range: LSPRange, in lineIndex: LineIndex) -> ByteRange {
        PositionConversion.byteRange(of: range, in: lineIndex, unit: columnUnit)
    }

    // MARK: - Analysis

    /// Uses `analyzer` for documents inside the workspace folder `folderURI` (or, with `nil`, for
    /// documents outside every folder that has one), then re-analyses every open document.
    /// Call it whenever the schema or configuration of a folder changes.
    public func setAnalyzer(_ analyzer: DocumentAnalyzer, forWorkspaceFolder folderURI: DocumentURI?) {
        state.withLock { state in
            if let folderURI {
                state.projectFolders[folderURI, default: ProjectFolderState()].analyzer = analyzer
            } else {
                state.defaultAnalyzer = analyzer
            }
        }
        reanalyzeOpenDocuments()
    }

    /// Installs the loaded project of a project folder (a workspace folder, or an app inside
    /// one): its analyzer checks the documents inside it, and it is the project every feature
    /// reads (``project(containing:)``, ``projects``), so the repair plans against the schema
    /// and settings the diagnostics show.
    public func setProject(_ project: ProjectWorkspace, forFolder folderURI: DocumentURI) {
        state.withLock { state in
            state.projectFolders[folderURI, default: ProjectFolderState()].project = project
            state.projectFolders[folderURI]?.analyzer = project.analyzer
        }
        reanalyzeOpenDocuments()
    }

    /// Forgets everything held for a project folder (its project, analyzer and module index)
    /// and re-analyses.
    public func removeProject(forFolder folderURI: DocumentURI) {
        state.withLock { _ = $0.projectFolders.removeValue(forKey: folderURI) }
        reanalyzeOpenDocuments()
    }

    /// The loaded project of the innermost project folder holding `uri`.
    public func project(containing uri: DocumentURI) -> ProjectWorkspace? {
        state.withLock { Self.innermostProjectFolder(holding: uri, in: $0, having: \.project)?.part }
    }

    /// The loaded project of exactly the project folder `folderURI`.
    public func project(forFolder folderURI: DocumentURI) -> ProjectWorkspace? {
        state.withLock { $0.projectFolders[folderURI]?.project }
    }

    /// Every loaded project, by folder URI.
    public var projects: [DocumentURI: ProjectWorkspace] {
        state.withLock { $0.projectFolders.compactMapValues(\.project) }
    }

    /// The open documents' texts by absolute path: what wins over the disk wherever a feature
    /// reads project files.
    public var openBuffersByPath: [String: [UInt8]] {
        var buffers: [String: [UInt8]] = [:]
        for document in openDocuments {
            if let path = FileURI.path(fromURI: document.uri) { buffers[path] = document.text }
        }
        return buffers
    }

    /// Forgets the analyzer of a removed workspace folder and re-analyses.
    public func removeAnalyzer(forWorkspaceFolder folderURI: DocumentURI) {
        state.withLock { state in
            state.projectFolders[folderURI]?.analyzer = nil
            if state.projectFolders[folderURI]?.isEmpty == true { state.projectFolders.removeValue(forKey: folderURI) }
        }
        reanalyzeOpenDocuments()
    }

    /// The analyzer used for a document at `uri`.
    public func analyzer(forDocument uri: DocumentURI) -> DocumentAnalyzer {
        state.withLock { Self.analyzer(forDocument: uri, in: $0) }
    }

    // MARK: - Modules

    /// Installs the module index of a workspace folder (built from every project file, open
    /// buffers winning over disk) and re-analyses the open documents with it.
    public func setModuleIndex(_ index: ModuleIndex, forWorkspaceFolder folderURI: DocumentURI) {
        let previous = state.withLock { state -> ModuleIndex? in
            defer { state.projectFolders[folderURI, default: ProjectFolderState()].modules = index }
            return state.projectFolders[folderURI]?.modules
        }
        // Only documents that see other values now: the rest would publish the same findings again.
        let affected = state.withLock { state -> [DocumentURI] in
            var affected: [DocumentURI] = []
            for uri in state.documents.keys where Self.folder(folderURI, contains: uri) {
                guard let path = FileURI.path(fromURI: uri), index.context(forFile: path) != (previous?.context(forFile: path) ?? .empty) else { continue }
                state.nextGeneration += 1
                state.documents[uri]?.generation = state.nextGeneration
                affected.append(uri)
            }
            return affected
        }
        for uri in affected { scheduleAnalysis(of: uri) }
    }

    public func removeModuleIndex(forWorkspaceFolder folderURI: DocumentURI) {
        state.withLock { state in
            state.projectFolders[folderURI]?.modules = nil
            if state.projectFolders[folderURI]?.isEmpty == true { state.projectFolders.removeValue(forKey: folderURI) }
        }
    }

    /// The module index of the loaded project whose root is `root`.
    public func moduleIndex(ofProjectAt root: String) -> ModuleIndex? {
        let wanted = WorkspacePath.standardize(root)
        return state.withLock { state in
            state.projectFolders.values.first { $0.project.map { WorkspacePath.standardize($0.root) } == wanted }?.modules
        }
    }

    /// The URI of the loaded project folder holding `uri` (a nested app inside a workspace
    /// folder, or the folder itself), if any.
    public func projectFolder(containing uri: DocumentURI) -> DocumentURI? {
        state.withLock { Self.innermostProjectFolder(holding: uri, in: $0, having: \.project)?.folder }
    }

    /// What the file at `path` sees of the other files of its project (its imported constants).
    public func moduleContext(forPath path: String) -> ModuleContext {
        let index = state.withLock { Self.moduleIndex(forDocument: FileURI.uri(fromPath: path), in: $0)?.index }
        return index?.context(forFile: path) ?? .empty
    }

    /// Records what the file at `path` exports and imports now (after an analysis of its open
    /// buffer or of its text on disk). When that changes what other files see (its exports, a
    /// wrapper it defines, a connection it creates: ``ModuleIndexChange``), the open documents
    /// affected are analysed again and the closed ones are handed to the
    /// ``ServerHandlerRegistry/onModuleDependentsChanged(handler:)`` handlers: only those, never
    /// the whole project unless a connection every file sees changed.
    ///
    /// A file the index does not hold yet is added only with `isProjectFile` (the workspace
    /// feature knows which files belong to the project; an open buffer alone does not say).
    public func recordModuleSummary(_ summary: ModuleSummary, forPath path: String, isProjectFile: Bool = false) {
        let uri = FileURI.uri(fromPath: path)
        let recorded = state.withLock { state -> (folder: DocumentURI, change: ModuleIndexChange)? in
            guard let (folder, index) = Self.moduleIndex(forDocument: uri, in: state) else { return nil }
            // Most edits change nothing a module declares: then nothing is written.
            guard index.summaries[path] != summary, isProjectFile || index.summaries[path] != nil,
                  let change = state.projectFolders[folder]?.modules?.record(path, summary: summary), !change.isEmpty else { return nil }
            return (folder, change)
        }
        guard let (folder, change) = recorded else { return }
        let wrapperNames = change.changedWrapperNames.sorted()
        let (open, closed) = state.withLock { state -> ([DocumentURI], ClosedFilesToRecheck) in
            var closed = ClosedFilesToRecheck(changedPath: path)
            closed.callersOf = change.changedWrapperNames
            closed.everyFile = change.connectionSitesChanged
            var open: [DocumentURI] = []
            for (documentURI, document) in state.documents where documentURI != uri && Self.folder(folder, contains: documentURI) {
                let importsIt = FileURI.path(fromURI: documentURI).map(change.importers.contains) ?? false
                guard importsIt || change.connectionSitesChanged || QueryExtractor.mayCall(wrapperNames, in: document.text) else { continue }
                state.nextGeneration += 1
                state.documents[documentURI]?.generation = state.nextGeneration
                state.documents[documentURI]?.publishesOnlyChanges = true
                open.append(documentURI)
            }
            closed.importers = change.importers.filter { state.documents[FileURI.uri(fromPath: $0)] == nil }
            return (open, closed)
        }
        for dependent in open { scheduleAnalysis(of: dependent) }
        if !closed.importers.isEmpty || !closed.callersOf.isEmpty || closed.everyFile {
            let handlers = registry.moduleDependentsHandlerList
            onMessageQueue { [self] in
                for handler in handlers { handler(closed, self) }
            }
        }
    }

    /// Tells the features that registered ``ServerHandlerRegistry/onDatabaseWritten(handler:)``
    /// that this server wrote the database of the project at `projectRoot`; they run on the
    /// message queue.
    public func announceDatabaseWritten(projectRoot: String) {
        let handlers = registry.databaseWrittenHandlerList
        onMessageQueue { [self] in
            for handler in handlers { handler(projectRoot, self) }
        }
    }

    /// Re-analyses (and re-publishes) every open document, superseding analyses in flight.
    public func reanalyzeOpenDocuments() {
        let uris = state.withLock { state -> [DocumentURI] in
            for uri in state.documents.keys {
                state.nextGeneration += 1
                state.documents[uri]?.generation = state.nextGeneration
            }
            return Array(state.documents.keys)
        }
        for uri in uris { scheduleAnalysis(of: uri) }
    }

    // MARK: - Diagnostics

    /// Publishes findings for any URI: an open document (its current text is used for positions
    /// unless `text` is given), a file that is not open (pass its `text`, else it is read from
    /// disk), a non-JS file (`sqlheal.json`, a migration). Replaces every diagnostic the client
    /// holds for `uri`; publish `[]` to clear.
    ///
    /// Open JS/TS documents are published by the core after each analysis; a feature that
    /// publishes for them too would overwrite (and be overwritten by) the core.
    public func publishDiagnostics(uri: DocumentURI, version: Int?, findings: [Finding], text: [UInt8]? = nil) {
        let lineIndex: LineIndex
        if let text {
            lineIndex = LineIndex(utf8: text)
        } else if let document = document(uri) {
            lineIndex = document.lineIndex
        } else if let path = FileURI.path(fromURI: uri), let data = FileManager.default.contents(atPath: path) {
            lineIndex = LineIndex(utf8: [UInt8](data))
        } else {
            lineIndex = LineIndex(utf8: [])
        }
        // Files the features publish (migrations, sqlheal.json) have no analysis a code action
        // could start from: keep what a repair step resolves. (The core's own publishing after
        // each analysis does not pass here, so typing pays nothing for it.)
        let repairable = findings.filter { finding in
            finding.fixHints.contains { if case .repairStep = $0 { true } else { false } }
        }
        state.withLock { state in
            state.publishedRepairableFindings[uri] = repairable.isEmpty ? nil : PublishedFindings(findings: repairable, lineIndex: lineIndex)
        }
        publishDiagnostics(uri: uri, version: version, findings: findings, lineIndex: lineIndex)
    }

    /// The findings last published for `uri` that a repair step resolves (``FindingFixHint/repairStep(identifier:title:)``),
    /// with the line index their positions were computed with.
    public func publishedRepairableFindings(of uri: DocumentURI) -> PublishedFindings? {
        state.withLock { $0.publishedRepairableFindings[uri] }
    }

    /// Publishes ready-made diagnostics (features clear a file with `[]`).
    public func publishDiagnostics(uri: DocumentURI, version: Int?, diagnostics: [Diagnostic]) {
        if diagnostics.isEmpty {
            state.withLock { _ = $0.publishedRepairableFindings.removeValue(forKey: uri) }
        }
        sendDiagnostics(uri: uri, version: version, diagnostics: diagnostics)
    }

    /// One finding as the diagnostic the core would publish (source `sqlheal`, code, severity,
    /// capability-gated `relatedInformation`/`codeDescription`/`data`). `data` holds `code`,
    /// `byteStart`, `byteEnd` and `version`, so a code action can find the finding again.
    public func diagnostic(for finding: Finding, lineIndex: LineIndex, documentURI: DocumentURI, version: Int? = nil) -> Diagnostic {
        diagnosticConversion(for: documentURI).diagnostic(for: finding, lineIndex: lineIndex, version: version)
    }

    /// The core's path after each analysis, and the end of the features' findings path.
    func publishDiagnostics(uri: DocumentURI, version: Int?, findings: [Finding], lineIndex: LineIndex) {
        let conversion = diagnosticConversion(for: uri)
        let diagnostics = findings.map { conversion.diagnostic(for: $0, lineIndex: lineIndex, version: version) }
        sendDiagnostics(uri: uri, version: version, diagnostics: diagnostics)
    }

    private func sendDiagnostics(uri: DocumentURI, version: Int?, diagnostics: [Diagnostic]) {
        // Every path out passes here, so no document ever gets more than the cap.
        let (capped, omitted) = DocumentLimits.capped(diagnostics)
        if omitted > 0 {
            log("\(uri): \(diagnostics.count) findings; published \(capped.count - 1) and a note, \(omitted) left out "
                + "(at most \(DocumentLimits.maximumDiagnosticsPerDocument) diagnostics per document)", type: .info)
        }
        // `version` is always sent: clients without `versionSupport` ignore it.
        sendNotification(PublishDiagnosticsNotification(uri: uri, version: version, diagnostics: capped))
    }

    private func diagnosticConversion(for uri: DocumentURI) -> DiagnosticConversion {
        let (capabilities, encoding) = state.withLock { ($0.clientCapabilities, $0.positionEncoding) }
        // Schema paths are relative to the document's project, which may be an app inside the folder.
        let root = project(containing: uri)?.root ?? workspaceFolder(containing: uri).flatMap { FileURI.path(fromURI: $0.uri) }
        return DiagnosticConversion(
            unit: PositionConversion.columnUnit(for: encoding), capabilities: capabilities, projectRootPath: root,
            codeDocumentationBaseURL: configuration.diagnosticCodeDocumentationBaseURL)
    }

    // MARK: - Talking to the client

    /// Sends a notification. Before the `initialize` answer only `window/logMessage` and
    /// `window/showMessage` should be sent (the specification's rule).
    public func sendNotification<N: LSPNotification>(_ notification: N) {
        send(.notification(method: N.method, params: JSONValueCoding.encode(notification)))
    }

    /// Sends a server-to-client request; `completion` runs on the message queue with the
    /// client's answer (or its error). Check the client capability first (e.g.
    /// `clientCapabilities.supportsApplyEdit`). Requests are allowed after `initialized`.
    public func sendRequest<R: LSPRequest>(_ request: R, completion: @escaping @Sendable (Result<R.Response, ResponseError>) -> Void) {
        let id = state.withLock { state -> RequestID in
            let id = RequestID.string("sqlheal-\(state.nextOutgoingRequestNumber)")
            state.nextOutgoingRequestNumber += 1
            state.pendingOutgoing[id] = PendingOutgoingRequest(method: R.method) { result in
                switch result {
                case .success(let json):
                    do {
                        completion(.success(try JSONValueCoding.decode(R.Response.self, from: json)))
                    } catch {
                        completion(.failure(ResponseError(code: .invalidParams, message: "unexpected answer to \(R.method): \(error)")))
                    }
                case .failure(let error):
                    completion(.failure(error))
                }
            }
            return id
        }
        send(.request(id: id, method: R.method, params: JSONValueCoding.encode(request)))
    }

    /// The async form of ``sendRequest(_:completion:)``; throws the client's ``ResponseError``.
    public func sendRequest<R: LSPRequest>(_ request: R) async throws -> R.Response {
        try await withCheckedThrowingContinuation { continuation in
            sendRequest(request) { result in continuation.resume(with: result) }
        }
    }

    /// Logs to stderr when `type` is at least as severe as ``Configuration/standardErrorThreshold``
    /// and, once `initialize` has arrived, to the client (`window/logMessage`, with `type`) when
    /// it is at least as severe as ``Configuration/clientLogThreshold``.
    public func log(_ message: String, type: MessageType = .log) {
        if configuration.writesToStandardError(type) {
            let label: String
            switch type {
            case .error: label = "error"
            case .warning: label = "warning"
            case .info: label = "info"
            default: label = "log"
            }
            FileHandle.standardError.write(Data("sqlheal [\(label)] \(message)\n".utf8))
        }
        // The specification lets a server send window/logMessage while it handles `initialize`:
        // the first workspace load is logged there too, so the editor's log shows every load.
        let toClient = state.withLock { $0.initializeParams != nil && $0.lifecycle != .exited }
        if toClient, type.rawValue <= configuration.clientLogThreshold.rawValue {
            sendNotification(LogMessageNotification(type: type, message: message))
        }
    }

    /// Shows a message to the user (`window/showMessage`); errors (or every message, verbose)
    /// are echoed to stderr.
    public func showMessage(_ message: String, type: MessageType = .info) {
        if configuration.writesToStandardError(type) {
            FileHandle.standardError.write(Data("sqlheal [message] \(message)\n".utf8))
        }
        sendNotification(ShowMessageNotification(type: type, message: message))
    }

    /// Runs `body` with work-done progress shown in the client (when it supports it): creates a
    /// token, sends `begin`, lets `body` report, sends `end` whatever happens.
    public func withWorkDoneProgress<Result: Sendable>(
        title: String,
        _ body: @Sendable (_ report: @Sendable (_ message: String, _ percentage: Int?) -> Void) async throws -> Result
    ) async throws -> Result {
        guard clientCapabilities.supportsWorkDoneProgress else {
            return try await body { _, _ in }
        }
        let token = ProgressToken.string("sqlheal-progress-\(UUID().uuidString)")
        let created = (try? await sendRequest(WorkDoneProgressCreateRequest(token: token))) != nil
        guard created else { return try await body { _, _ in } }
        sendNotification(ProgressNotification(token: token, workDone: .begin(title: title, percentage: 0)))
        do {
            let result = try await body { [self] message, percentage in
                sendNotification(ProgressNotification(token: token, workDone: .report(message: message, percentage: percentage)))
            }
            sendNotification(ProgressNotification(token: token, workDone: .end()))
            return result
        } catch {
            sendNotification(ProgressNotification(token: token, workDone: .end(message: "failed: \(error)")))
            throw error
        }
    }

    /// Runs `body` on the message queue, after the messages already received: for feature
    /// state that must change in order with document changes.
    public func onMessageQueue(_ body: @escaping @Sendable () -> Void) {
        messageQueue.async(execute: body)
    }
}

/// Findings as they were published for a file: their diagnostics' positions came from `lineIndex`.
public struct PublishedFindings: Sendable {
    public var findings: [Finding]
    public var lineIndex: LineIndex
}
