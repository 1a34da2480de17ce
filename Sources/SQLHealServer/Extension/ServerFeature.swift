import SQLHealAnalysis
import SQLHealLSP

// MARK: - How to add a feature to the language server
//
// The core (this module's `Core/` and `Extension/` folders) owns the message loop, the lifecycle,
// the open documents, analysis and publishing. Everything else is a *feature*: a class in its own
// folder (`Workspace/`, `Repair/`, `CodeActions/`) that conforms to `ServerFeature`, plus one line
// in `DefaultServerFeatures.make()`. A feature never edits the core.
//
//     final class RepairFeature: ServerFeature {
//         let name = "repair"
//
//         func register(with registry: ServerHandlerRegistry) {
//             // `workspace/executeCommand` is routed by command id; the command is advertised
//             // in `executeCommandProvider` automatically.
//             registry.onCommand("sqlheal.repairSchema") { arguments, server in
//                 let plan = try await ...             // runs in a Task, off the message loop
//                 return JSONValueCoding.encode(plan)  // the command's result
//             }
//             registry.onNotification(DidSaveTextDocumentNotification.self) { saved, server in
//                 // runs on the message loop, after the core applied it
//             }
//         }
//
//         func contributeCapabilities(_ capabilities: inout ServerCapabilities, for params: InitializeRequest) {
//             // advertise only what you implement
//         }
//
//         func initialized(server: LanguageServer) {
//             // server-to-client requests are allowed from here on
//             if server.clientCapabilities.supportsWatchedFilesRegistration {
//                 server.sendRequest(RegisterCapabilityRequest(registrations: [...])) { result in ... }
//             }
//         }
//     }
//
// Threading: every handler registered with `onRequest`/`onNotification` and every lifecycle hook
// runs on the server's serial message queue, one at a time, in the order messages arrived. Keep
// them quick (no file scans, no SQLite work): do slow work with `onAsyncRequest`/`onCommand`
// (which run in a `Task`) or on your own queue, then call back into the server. Inside those
// Tasks, do not block a thread for long (a big SQLite rebuild, a project scan): Swift's
// cooperative pool has one thread per core (two here), so two blocked Tasks stall every other
// async handler. Run such work on a `DispatchQueue` and `await` it through a continuation. Every
// `LanguageServer` method is thread-safe. A feature's own mutable state must be protected (a lock,
// or only touched from message-queue handlers via `server.onMessageQueue`), because features are
// `Sendable`.
//
// The `LanguageServer` methods features use (see `ServerContextAPI.swift`):
// - client: `clientCapabilities`, `initializeParams`, `positionEncoding`, `columnUnit`,
//   `workspaceFolders`, `workspaceFolder(containing:)`;
// - documents: `document(_:)`, `openDocuments`, `withCurrentAnalysis(of:_:)` / `currentAnalysis(of:)`;
// - positions: `lspRange(of:in:)`, `lspPosition(ofOffset:in:)`, `byteRange(of:in:)`, `byteOffset(of:in:)`;
// - analysis: `setAnalyzer(_:forWorkspaceFolder:)`, `analyzer(forDocument:)`, `reanalyzeOpenDocuments()`,
//   `announceDatabaseWritten(projectRoot:)` (handled through `registry.onDatabaseWritten`);
// - output: `publishDiagnostics(uri:version:findings:text:)` (any URI, open or not, JS or not),
//   `publishDiagnostics(uri:version:diagnostics:)`, `diagnostic(for:lineIndex:documentURI:)`,
//   `sendNotification(_:)`, `sendRequest(_:completion:)` / `sendRequest(_:) async throws`,
//   `log(_:type:)`, `showMessage(_:type:)`, `withWorkDoneProgress(title:_:)`.

/// A piece of the language server that registers handlers and hooks into the lifecycle.
///
/// All hooks have empty default implementations; implement the ones you need.
public protocol ServerFeature: AnyObject, Sendable {
    /// For logs ("workspace", "repair", "fixes").
    var name: String { get }

    /// Called once when the server is created, before any message is read. Register every
    /// handler here; registering later is ignored.
    func register(with registry: ServerHandlerRegistry)

    /// Called while answering `initialize`, after the position encoding is negotiated. Add the
    /// capabilities this feature implements. Contributions from all features are merged in
    /// registration order; use the `add…` helpers of ``ServerCapabilities`` for shared lists.
    func contributeCapabilities(_ capabilities: inout ServerCapabilities, for params: InitializeRequest)

    /// Called while answering `initialize`, before the result is sent: client capabilities,
    /// `initializationOptions` and workspace folders are known. Load configuration here; the
    /// server may only send `window/logMessage`/`window/showMessage` at this point.
    func initialize(_ params: InitializeRequest, server: LanguageServer)

    /// Called on the `initialized` notification. Server-to-client requests
    /// (`client/registerCapability`, `workspace/configuration`) may be sent from here on.
    func initialized(server: LanguageServer)

    /// Called on `shutdown`, before it is answered. Stop background work.
    func shutdown(server: LanguageServer)
}

extension ServerFeature {
    public func contributeCapabilities(_ capabilities: inout ServerCapabilities, for params: InitializeRequest) {}
    public func initialize(_ params: InitializeRequest, server: LanguageServer) {}
    public func initialized(server: LanguageServer) {}
    public func shutdown(server: LanguageServer) {}
}

/// Answers one incoming request, exactly once. Thread-safe; keep it and answer later if the
/// answer needs slow work or a client response. Answers after a `$/cancelRequest` (already
/// answered with -32800 by the server) are dropped.
public final class RequestReply<Response: Codable & Sendable>: Sendable {
    public let id: RequestID
    private let server: LanguageServer

    init(id: RequestID, server: LanguageServer) {
        self.id = id
        self.server = server
    }

    /// True once the client cancelled the request: stop working and answer anything (it is dropped).
    public var isCancelled: Bool { server.isIncomingRequestCancelled(id) }

    public func callAsFunction(_ result: Result<Response, ResponseError>) {
        switch result {
        case .success(let response): server.respond(to: id, with: .success(JSONValueCoding.encode(response)))
        case .failure(let error): server.respond(to: id, with: .failure(error))
        }
    }

    public func succeed(_ response: Response) { self(.success(response)) }
    public func fail(_ error: ResponseError) { self(.failure(error)) }
}

/// Where features register their handlers (in ``ServerFeature/register(with:)``).
///
/// - Requests: one handler per method; a second registration of the same method is refused with
///   a log line (the first stays). The server answers -32601 for methods nobody handles and
///   -32602 when the params do not decode as the request type.
/// - Notifications: any number of handlers per method, called in registration order, after the
///   core's own handling (for `textDocument/didOpen` etc., the document store is already
///   updated when yours runs).
/// - `workspace/executeCommand`: register per command id with ``onCommand(_:handler:)``.
public final class ServerHandlerRegistry: @unchecked Sendable {
    typealias RequestHandler = @Sendable (RequestID, JSONValue?, LanguageServer) -> Void
    typealias NotificationHandler = @Sendable (JSONValue?, LanguageServer) -> Void
    typealias CommandHandler = @Sendable ([JSONValue], LanguageServer) async throws -> JSONValue

    private(set) var requestHandlers: [String: RequestHandler] = [:]
    private(set) var notificationHandlers: [String: [NotificationHandler]] = [:]
    private(set) var commandHandlers: [String: CommandHandler] = [:]
    private(set) var databaseWrittenHandlers: [@Sendable (String, LanguageServer) -> Void] = []
    private(set) var moduleDependentsHandlers: [@Sendable (ClosedFilesToRecheck, LanguageServer) -> Void] = []
    private(set) var refusedRegistrations: [String] = []
    private var isSealed = false
    private let lock = NSLockCompat()

    init() {}

    /// Handles request `R` on the message queue. Answer through `reply`, now or later.
    public func onRequest<R: LSPRequest>(
        _ type: R.Type,
        handler: @escaping @Sendable (_ request: R, _ reply: RequestReply<R.Response>, _ server: LanguageServer) -> Void
    ) {
        addRequestHandler(R.method) { id, params, server in
            let request: R
            do {
                request = try JSONValueCoding.decode(R.self, from: params)
            } catch {
                server.respond(to: id, with: .failure(.invalidParams("invalid params for \(R.method): \(error)")))
                return
            }
            handler(request, RequestReply(id: id, server: server), server)
        }
    }

    /// Handles request `R` in a `Task`, off the message queue. A thrown ``ResponseError`` is the
    /// answer; any other error is answered -32603 with its description.
    public func onAsyncRequest<R: LSPRequest>(
        _ type: R.Type,
        handler: @escaping @Sendable (_ request: R, _ server: LanguageServer) async throws -> R.Response
    ) {
        onRequest(type) { request, reply, server in
            Task {
                do {
                    reply.succeed(try await handler(request, server))
                } catch let error as ResponseError {
                    reply.fail(error)
                } catch {
                    reply.fail(.internalError("\(R.method) failed: \(error)"))
                }
            }
        }
    }

    /// Handles notification `N` on the message queue, after the core and earlier handlers.
    public func onNotification<N: LSPNotification>(
        _ type: N.Type,
        handler: @escaping @Sendable (_ notification: N, _ server: LanguageServer) -> Void
    ) {
        addNotificationHandler(N.method) { params, server in
            do {
                handler(try JSONValueCoding.decode(N.self, from: params), server)
            } catch {
                server.log("ignoring \(N.method) with invalid params: \(error)", type: .warning)
            }
        }
    }

    /// Handles `workspace/executeCommand` for one command id, in a `Task`. The command is
    /// advertised in `executeCommandProvider.commands`. `arguments` is the request's argument
    /// array (empty when absent). Return the result (`.null` for none); throw a
    /// ``ResponseError`` to answer with that error (`.invalidParams` for bad arguments).
    public func onCommand(
        _ command: String,
        handler: @escaping @Sendable (_ arguments: [JSONValue], _ server: LanguageServer) async throws -> JSONValue
    ) {
        lock.withLock {
            guard !isSealed else { refusedRegistrations.append("command \(command) (registered too late)"); return }
            if commandHandlers[command] != nil {
                refusedRegistrations.append("command \(command) (already registered)")
            } else {
                commandHandlers[command] = handler
            }
        }
    }

    /// Handles ``LanguageServer/announceDatabaseWritten(projectRoot:)``, on the message queue: a
    /// feature wrote a project's database (a repair, a rollback), and whoever holds what was read
    /// from it reads it again. Editors may not report that write (or report it late).
    public func onDatabaseWritten(handler: @escaping @Sendable (_ projectRoot: String, _ server: LanguageServer) -> Void) {
        lock.withLock {
            guard !isSealed else { refusedRegistrations.append("database-written handler (registered too late)"); return }
            databaseWrittenHandlers.append(handler)
        }
    }

    /// Handles ``LanguageServer/recordModuleSummary(_:forPath:isProjectFile:)`` finding that an
    /// edit changed what other files see of a file: `recheck` says which closed project files
    /// must be checked again. Runs on the message queue.
    public func onModuleDependentsChanged(handler: @escaping @Sendable (_ recheck: ClosedFilesToRecheck, _ server: LanguageServer) -> Void) {
        lock.withLock {
            guard !isSealed else { refusedRegistrations.append("module-dependents handler (registered too late)"); return }
            moduleDependentsHandlers.append(handler)
        }
    }

    var moduleDependentsHandlerList: [@Sendable (ClosedFilesToRecheck, LanguageServer) -> Void] { lock.withLock { moduleDependentsHandlers } }

    var commandIdentifiers: [String] { lock.withLock { commandHandlers.keys.sorted() } }
    var databaseWrittenHandlerList: [@Sendable (String, LanguageServer) -> Void] { lock.withLock { databaseWrittenHandlers } }

    func seal() { lock.withLock { isSealed = true } }

    func addRequestHandler(_ method: String, _ handler: @escaping RequestHandler) {
        lock.withLock {
            guard !isSealed else { refusedRegistrations.append("request \(method) (registered too late)"); return }
            if requestHandlers[method] != nil {
                refusedRegistrations.append("request \(method) (already registered)")
            } else {
                requestHandlers[method] = handler
            }
        }
    }

    func addNotificationHandler(_ method: String, _ handler: @escaping NotificationHandler) {
        lock.withLock {
            guard !isSealed else { refusedRegistrations.append("notification \(method) (registered too late)"); return }
            notificationHandlers[method, default: []].append(handler)
        }
    }

    func requestHandler(for method: String) -> RequestHandler? { lock.withLock { requestHandlers[method] } }
    func notificationHandlers(for method: String) -> [NotificationHandler] { lock.withLock { notificationHandlers[method] ?? [] } }
    func commandHandler(for command: String) -> CommandHandler? { lock.withLock { commandHandlers[command] } }
}

/// The closed project files an edit to one file may check differently (see ``ModuleIndexChange``).
public struct ClosedFilesToRecheck: Sendable, Equatable {
    /// The file whose summary changed.
    public var changedPath: String
    /// Closed files importing from it.
    public var importers: Set<String> = []
    /// Closed files that call one of these wrapper names (decided from their text) are affected.
    public var callersOf: Set<String> = []
    /// Every project file is affected: the connections the file creates changed.
    public var everyFile = false

    public init(changedPath: String) { self.changedPath = changedPath }

    /// The changes of both, for the same file.
    public mutating func merge(_ other: ClosedFilesToRecheck) {
        importers.formUnion(other.importers)
        callersOf.formUnion(other.callersOf)
        everyFile = everyFile || other.everyFile
    }
}
