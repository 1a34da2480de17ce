import Dispatch
import Foundation
import SQLHealAnalysis
import SQLHealWorkspace
import SQLHealLSP

/// The sqlheal language server: reads framed JSON-RPC from one file descriptor, writes to
/// another, keeps the open documents, analyses them off the message loop and publishes
/// diagnostics. Features (``ServerFeature``) plug in everything else.
///
/// Ordering: bytes are read on a dedicated thread, framed, decoded, and every message is handled
/// on one serial queue in arrival order. Document analysis runs on a concurrent queue; its result
/// is published only if the document is still at the analysed version.
///
/// Robustness: no message can end the process. Broken framing is resynchronised, broken JSON is
/// answered -32700 (when its id can be read) or dropped, bad params -32602, thrown errors -32603.
public final class LanguageServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var serverName: String
        public var serverVersion: String
        /// Echo log lines to stderr at all (the serve command does; tests may not).
        public var logsToStandardError: Bool
        /// Lines of this type or more severe (lower number) go to stderr. Editors show a server's
        /// stderr as errors (Neovim logs every stderr line as `[ERROR]`), so `serve` keeps it for
        /// real errors unless `--verbose`; everything else reaches the client as `window/logMessage`.
        public var standardErrorThreshold: MessageType
        /// `window/logMessage` is sent for log lines of this type or more severe (lower number).
        public var clientLogThreshold: MessageType
        /// When set, diagnostics carry `codeDescription.href` = this + code (for clients that support it).
        public var diagnosticCodeDocumentationBaseURL: String?

        public init(serverName: String = "sqlheal", serverVersion: String = "0.1.0", logsToStandardError: Bool = true, standardErrorThreshold: MessageType = .log, clientLogThreshold: MessageType = .info, diagnosticCodeDocumentationBaseURL: String? = nil) {
            self.diagnosticCodeDocumentationBaseURL = diagnosticCodeDocumentationBaseURL
            self.serverName = serverName
            self.serverVersion = serverVersion
            self.logsToStandardError = logsToStandardError
            self.standardErrorThreshold = standardErrorThreshold
            self.clientLogThreshold = clientLogThreshold
        }

        /// Whether a line of `type` is written to stderr.
        func writesToStandardError(_ type: MessageType) -> Bool {
            logsToStandardError && type.rawValue <= standardErrorThreshold.rawValue
        }
    }

    enum Lifecycle: Equatable {
        case waitingForInitialize
        case running
        case shutDown
        case exited
    }

    struct PendingOutgoingRequest {
        var method: String
        var completion: @Sendable (Result<JSONValue, ResponseError>) -> Void
    }

    struct State {
        var lifecycle = Lifecycle.waitingForInitialize
        var initializedReceived = false
        var initializeParams: InitializeRequest?
        var clientCapabilities = ClientCapabilities()
        var positionEncoding = PositionEncodingKind.utf16
        var workspaceFolders: [WorkspaceFolder] = []
        var documents: [DocumentURI: DocumentRecord] = [:]
        var nextGeneration = 1
        /// The one project model per project folder (a workspace folder, or an app inside one):
        /// what diagnostics, code actions, editing and the repair all read, found for a file by
        /// ``innermostProjectFolder(holding:in:having:)``.
        var projectFolders: [DocumentURI: ProjectFolderState] = [:]
        /// Checks documents outside every folder that has an analyzer.
        var defaultAnalyzer = DocumentAnalyzer(schema: .empty)
        /// Incoming requests not yet answered.
        var pendingIncoming: Set<RequestID> = []
        /// Ids named by `$/cancelRequest` that were not yet handled or answered.
        var cancelledIncoming: Set<RequestID> = []
        var pendingOutgoing: [RequestID: PendingOutgoingRequest] = [:]
        var nextOutgoingRequestNumber = 1
        var analysisWaiters: [DocumentURI: [@Sendable (OpenDocument?) -> Void]] = [:]
        /// The last published findings of files the core does not analyse (migrations) that
        /// a repair step resolves, for their code actions.
        var publishedRepairableFindings: [DocumentURI: PublishedFindings] = [:]
        var exitCode: Int32?
    }

    public let configuration: Configuration
    let features: [any ServerFeature]
    let registry = ServerHandlerRegistry()
    let state = Locked(State())
    private let transport: FileDescriptorTransport
    let messageQueue = DispatchQueue(label: "sqlheal.messages")
    let analysisQueue = DispatchQueue(label: "sqlheal.analysis", qos: .userInitiated, attributes: .concurrent)
    private let exitSemaphore = DispatchSemaphore(value: 0)
    /// Touched only by the reader thread.
    private var framer = MessageFramer()

    /// - Parameters:
    ///   - inputDescriptor: where client messages arrive (stdin: 0).
    ///   - outputDescriptor: where server messages go (stdout: 1). Nothing else is written there.
    ///   - features: usually `DefaultServerFeatures.make()`.
    public init(inputDescriptor: Int32, outputDescriptor: Int32, features: [any ServerFeature], configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.features = features
        self.transport = FileDescriptorTransport(inputDescriptor: inputDescriptor, outputDescriptor: outputDescriptor)
        registerCoreHandlers()
        registerDebugHandlers()
        for feature in features { feature.register(with: registry) }
        registry.seal()
        for refused in registry.refusedRegistrations { log("refused registration of \(refused)", type: .error) }
    }

    /// Starts reading; returns at once. Use ``waitForExit()`` to block until `exit`.
    public func start() {
        transport.startReading(
            onBytes: { [self] bytes in receive(bytes) },
            onEndOfInput: { [self] in
                messageQueue.async { [self] in
                    let code: Int32 = state.withLock { $0.lifecycle == .shutDown ? 0 : 1 }
                    if state.withLock({ $0.lifecycle }) != .exited { log("input closed; exiting", type: .log) }
                    finish(exitCode: code)
                }
            })
    }

    /// Blocks until the client sends `exit` (or closes the input), then returns the exit code:
    /// 0 after `shutdown`, 1 otherwise.
    public func waitForExit() -> Int32 {
        exitSemaphore.wait()
        return state.withLock { $0.exitCode ?? 1 }
    }

    /// ``start()`` then ``waitForExit()``.
    public func run() -> Int32 {
        start()
        return waitForExit()
    }

    /// ``run()`` without blocking a Swift concurrency thread (the wait happens on a GCD thread).
    public func runUntilExit() async -> Int32 {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [self] in continuation.resume(returning: run()) }
        }
    }

    // MARK: - Reading

    /// Called on the reader thread with each chunk of input.
    private func receive(_ bytes: [UInt8]) {
        framer.feed(bytes)
        while let event = framer.nextEvent() {
            switch event {
            case .error(let error):
                log("framing: \(error)", type: .warning)
            case .message(let body):
                let decoded = JSONRPCMessage.decode(body)
                if case .success(.notification(let method, let params)) = decoded, method == CancelRequestNotification.method,
                   let id = params?["id"].flatMap(RequestID.init(json:)) {
                    // Recorded right away, so a request still waiting in the queue is answered -32800.
                    state.withLock { _ = $0.cancelledIncoming.insert(id) }
                }
                messageQueue.async { [self] in handle(decoded) }
            }
        }
    }

    // MARK: - Dispatch (message queue)

    private func handle(_ decoded: Result<JSONRPCMessage, JSONRPCMessage.DecodingFailure>) {
        guard state.withLock({ $0.lifecycle }) != .exited else { return }
        switch decoded {
        case .failure(let failure):
            if let id = failure.id {
                log("answering unreadable message \(id): \(failure.error.message)", type: .warning)
                send(.response(id: id, result: .failure(failure.error)))
            } else {
                log("dropping unreadable message: \(failure.error.message)", type: .warning)
            }
        case .success(.request(let id, let method, let params)):
            handleRequest(id: id, method: method, params: params)
        case .success(.notification(let method, let params)):
            handleNotification(method: method, params: params)
        case .success(.response(let id, let result)):
            handleResponse(id: id, result: result)
        }
    }

    private func handleRequest(id: RequestID, method: String, params: JSONValue?) {
        let (lifecycle, wasCancelled) = state.withLock { state -> (Lifecycle, Bool) in
            let cancelled = state.cancelledIncoming.remove(id) != nil
            if !cancelled { state.pendingIncoming.insert(id) }
            return (state.lifecycle, cancelled)
        }
        if wasCancelled {
            send(.response(id: id, result: .failure(.cancelled)))
            return
        }
        switch lifecycle {
        case .waitingForInitialize where method != InitializeRequest.method:
            respond(to: id, with: .failure(.serverNotInitialized))
            return
        case .running where method == InitializeRequest.method:
            respond(to: id, with: .failure(ResponseError(code: .invalidRequest, message: "initialize was already received")))
            return
        case .shutDown:
            respond(to: id, with: .failure(ResponseError(code: .invalidRequest, message: "the server is shut down; only exit is accepted")))
            return
        default:
            break
        }
        guard let handler = registry.requestHandler(for: method) else {
            respond(to: id, with: .failure(.methodNotFound(method)))
            return
        }
        handler(id, params, self)
    }

    private func handleNotification(method: String, params: JSONValue?) {
        if method == ExitNotification.method {
            let code: Int32 = state.withLock { $0.lifecycle == .shutDown ? 0 : 1 }
            finish(exitCode: code)
            return
        }
        if method == CancelRequestNotification.method {
            if let id = params?["id"].flatMap(RequestID.init(json:)) { cancelIncomingRequest(id) }
            return
        }
        let lifecycle = state.withLock { $0.lifecycle }
        guard lifecycle == .running else {
            if !method.hasPrefix("$/") { log("ignoring \(method): \(lifecycle == .shutDown ? "after shutdown" : "before initialize")", type: .log) }
            return
        }
        let handlers = registry.notificationHandlers(for: method)
        if handlers.isEmpty {
            // `$/` notifications are optional by the specification: ignore them quietly.
            if !method.hasPrefix("$/") { log("no handler for notification \(method)", type: .log) }
            return
        }
        for handler in handlers { handler(params, self) }
    }

    private func handleResponse(id: RequestID?, result: Result<JSONValue, ResponseError>) {
        guard let id else {
            if case .failure(let error) = result { log("client reported an error: \(error)", type: .warning) }
            return
        }
        let pending = state.withLock { $0.pendingOutgoing.removeValue(forKey: id) }
        guard let pending else {
            log("response to unknown request \(id)", type: .log)
            return
        }
        if case .failure(let error) = result { log("\(pending.method) \(id) failed: \(error)", type: .log) }
        pending.completion(result)
    }

    private func finish(exitCode: Int32) {
        let alreadyExited = state.withLock { state -> Bool in
            if state.lifecycle == .exited { return true }
            state.lifecycle = .exited
            state.exitCode = exitCode
            return false
        }
        if !alreadyExited { exitSemaphore.signal() }
    }

    // MARK: - Writing

    func send(_ message: JSONRPCMessage) {
        transport.write(message.framed)
    }

    /// Answers an incoming request once; later answers (after cancellation) are dropped.
    func respond(to id: RequestID, with result: Result<JSONValue, ResponseError>) {
        let shouldSend = state.withLock { $0.pendingIncoming.remove(id) != nil }
        guard shouldSend else { return }
        send(.response(id: id, result: result))
    }

    func isIncomingRequestCancelled(_ id: RequestID) -> Bool {
        state.withLock { !$0.pendingIncoming.contains(id) }
    }

    /// Answers a cancelled request -32800 if it is still pending.
    func cancelIncomingRequest(_ id: RequestID) {
        let wasPending = state.withLock { state -> Bool in
            state.cancelledIncoming.remove(id)
            return state.pendingIncoming.contains(id)
        }
        if wasPending { respond(to: id, with: .failure(.cancelled)) }
    }
}

/// What the server holds for one project folder. Each part arrives on its own: the analyzer
/// and project when the folder's configuration and schema are loaded (``LanguageServer/setProject(_:forFolder:)``),
/// the module index when its files have been summarised (``LanguageServer/setModuleIndex(_:forWorkspaceFolder:)``);
/// an analyzer alone is what tests and embedders install (``LanguageServer/setAnalyzer(_:forWorkspaceFolder:)``).
struct ProjectFolderState {
    var project: ProjectWorkspace?
    var analyzer: DocumentAnalyzer?
    /// Exports and imports of every file of the project, updated by every analysis.
    var modules: ModuleIndex?

    var isEmpty: Bool { project == nil && analyzer == nil && modules == nil }
}
