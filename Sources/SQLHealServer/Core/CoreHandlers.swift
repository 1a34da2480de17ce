import Foundation
import SQLHealAnalysis
import SQLHealLSP

extension LanguageServer {
    /// The core's own handlers: lifecycle, document sync, command routing.
    func registerCoreHandlers() {
        registry.onRequest(InitializeRequest.self) { params, reply, server in
            reply.succeed(server.initialize(params))
        }
        registry.onNotification(InitializedNotification.self) { _, server in
            let first = server.state.withLock { state -> Bool in
                defer { state.initializedReceived = true }
                return !state.initializedReceived
            }
            guard first else {
                server.log("ignoring a second initialized notification", type: .warning)
                return
            }
            for feature in server.features { feature.initialized(server: server) }
        }
        registry.onRequest(ShutdownRequest.self) { _, reply, server in
            server.state.withLock { $0.lifecycle = .shutDown }
            for feature in server.features { feature.shutdown(server: server) }
            reply.succeed(VoidResponse())
        }
        registry.onNotification(DidOpenTextDocumentNotification.self) { params, server in
            server.openDocument(params.textDocument)
        }
        registry.onNotification(DidChangeTextDocumentNotification.self) { params, server in
            server.changeDocument(params)
        }
        registry.onNotification(DidCloseTextDocumentNotification.self) { params, server in
            server.closeDocument(params.textDocument.uri)
        }
        registry.onNotification(DidSaveTextDocumentNotification.self) { _, _ in
            // Nothing to do in the core: the text is already in sync. Features react to saves.
        }
        registry.onNotification(DidChangeWorkspaceFoldersNotification.self) { params, server in
            server.state.withLock { state in
                let removed = Set(params.event.removed.map(\.uri))
                state.workspaceFolders.removeAll { removed.contains($0.uri) }
                for folder in params.event.added where !state.workspaceFolders.contains(where: { $0.uri == folder.uri }) {
                    state.workspaceFolders.append(folder)
                }
            }
        }
        registry.onRequest(ExecuteCommandRequest.self) { params, reply, server in
            guard let handler = server.registry.commandHandler(for: params.command) else {
                reply.fail(ResponseError(code: .invalidParams, message: "unknown command \(params.command)"))
                return
            }
            Task {
                do {
                    reply.succeed(try await handler(params.arguments ?? [], server))
                } catch let error as ResponseError {
                    reply.fail(error)
                } catch {
                    reply.fail(.internalError("\(params.command) failed: \(error)"))
                }
            }
        }
    }

    /// Negotiates the encoding, asks features for capabilities, and answers.
    private func initialize(_ params: InitializeRequest) -> InitializeResult {
        let encoding = Self.negotiatePositionEncoding(offered: params.capabilities.general?.positionEncodings)
        state.withLock { state in
            state.lifecycle = .running
            state.initializeParams = params
            state.clientCapabilities = params.capabilities
            state.positionEncoding = encoding
            state.workspaceFolders = params.effectiveWorkspaceFolders
        }
        var capabilities = ServerCapabilities(
            positionEncoding: encoding,
            textDocumentSync: TextDocumentSyncOptions(openClose: true, change: .incremental, save: .init(includeText: false)))
        let commands = registry.commandIdentifiers
        if !commands.isEmpty { capabilities.addExecuteCommands(commands) }
        for feature in features {
            feature.contributeCapabilities(&capabilities, for: params)
        }
        for feature in features {
            feature.initialize(params, server: self)
        }
        log("initialized for \(params.clientInfo?.name ?? "an unnamed client"); positions in \(encoding.rawValue)", type: .log)
        return InitializeResult(capabilities: capabilities, serverInfo: ServerInfo(name: configuration.serverName, version: configuration.serverVersion))
    }

    /// UTF-16 whenever the client offers it (or offers nothing): JS/TS buffers are shared with
    /// the TypeScript server, which speaks UTF-16. Otherwise UTF-8, then UTF-32.
    static func negotiatePositionEncoding(offered: [PositionEncodingKind]?) -> PositionEncodingKind {
        guard let offered, !offered.isEmpty, !offered.contains(.utf16) else { return .utf16 }
        if offered.contains(.utf8) { return .utf8 }
        if offered.contains(.utf32) { return .utf32 }
        return .utf16
    }

    // MARK: Documents

    private func openDocument(_ item: TextDocumentItem) {
        let text = Array(item.text.utf8)
        state.withLock { state in
            state.nextGeneration += 1
            state.documents[item.uri] = DocumentRecord(
                uri: item.uri, languageIdentifier: item.languageId, version: item.version, text: text,
                lineIndex: LineIndex(utf8: text),
                language: OpenDocument.language(languageIdentifier: item.languageId, uri: item.uri),
                generation: state.nextGeneration, analysis: nil, analysisGeneration: nil)
        }
        scheduleAnalysis(of: item.uri)
    }

    private func changeDocument(_ params: DidChangeTextDocumentNotification) {
        let uri = params.textDocument.uri
        let notes = state.withLock { state -> [String]? in
            guard var record = state.documents[uri] else { return nil }
            let unit = PositionConversion.columnUnit(for: state.positionEncoding)
            let outcome = DocumentEditing.apply(params.contentChanges, to: record.text, lineIndex: record.lineIndex, unit: unit)
            record.text = outcome.text
            record.lineIndex = outcome.lineIndex
            record.version = params.textDocument.version
            state.nextGeneration += 1
            record.generation = state.nextGeneration
            state.documents[uri] = record
            return outcome.clampNotes
        }
        guard let notes else {
            log("didChange for \(uri), which is not open; ignored", type: .warning)
            return
        }
        for note in notes { log("\(FileURI.fileName(ofURI: uri)) v\(params.textDocument.version): \(note)", type: .warning) }
        scheduleAnalysis(of: uri)
    }

    private func closeDocument(_ uri: DocumentURI) {
        let (record, waiters) = state.withLock { state in
            (state.documents.removeValue(forKey: uri), state.analysisWaiters.removeValue(forKey: uri) ?? [])
        }
        for waiter in waiters { waiter(nil) }
        guard let record else { return }
        if record.language != nil {
            // Only documents the core analysed: features own the diagnostics of other files.
            publishDiagnostics(uri: uri, version: nil, diagnostics: [])
        }
    }
}
