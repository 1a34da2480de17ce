import Foundation
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealServer

/// A language client for tests: runs a ``LanguageServer`` in this process and talks to it
/// through two pipes, with real framing, as an editor would.
///
/// Every wait has a timeout (a failing server fails the test instead of hanging it); nothing
/// asserts how fast the server is. Server-to-client requests are answered by ``serverRequestResponder``
/// (default: `null`) and also recorded, so tests can look at them.
///
///     let client = InProcessTestClient()
///     try await client.initialize()
///     try client.open(uri: "file:///p/a.js", text: "db.all('SELECT 1')")
///     let published = try await client.waitForDiagnostics(uri: "file:///p/a.js", version: 1)
///     #expect(await client.shutdownAndExit() == 0)
final class InProcessTestClient: @unchecked Sendable {
    enum ClientError: Error, CustomStringConvertible {
        case timeout(String)
        case unexpected(String)
        var description: String {
            switch self {
            case .timeout(let what): "timed out waiting for \(what)"
            case .unexpected(let what): what
            }
        }
    }

    let server: LanguageServer
    private let toServer: Pipe
    private let fromServer: Pipe
    private let box = MessageBox()
    private let nextID = Locked(1)
    let defaultTimeout: TimeInterval
    /// Answers server-to-client requests. Runs on the client's reader thread.
    let serverRequestResponder = Locked<@Sendable (String, JSONValue?) -> Result<JSONValue, ResponseError>>({ _, _ in .success(.null) })
    private let exitCode = Locked<Int32?>(nil)

    init(features: [any ServerFeature] = DefaultServerFeatures.make(), timeout: TimeInterval = 90) {
        signal(SIGPIPE, SIG_IGN)
        toServer = Pipe()
        fromServer = Pipe()
        defaultTimeout = timeout
        server = LanguageServer(
            inputDescriptor: toServer.fileHandleForReading.fileDescriptor,
            outputDescriptor: fromServer.fileHandleForWriting.fileDescriptor,
            features: features,
            configuration: .init(logsToStandardError: ProcessInfo.processInfo.environment["SQLHEAL_TEST_LOGS"] != nil))
        server.start()
        startReading()
        let server = self.server
        let exitCode = self.exitCode
        Thread.detachNewThread {
            let code = server.waitForExit()
            exitCode.withLock { $0 = code }
        }
    }

    deinit {
        try? toServer.fileHandleForWriting.close()
    }

    // MARK: Sending

    /// Writes bytes to the server; after the server exited the write fails silently.
    func sendRaw(_ bytes: [UInt8]) {
        try? toServer.fileHandleForWriting.write(contentsOf: Data(bytes))
    }

    func send(_ message: JSONRPCMessage) {
        sendRaw(message.framed)
    }

    func notify<N: LSPNotification>(_ notification: N) {
        send(.notification(method: N.method, params: JSONValueCoding.encode(notification)))
    }

    /// Sends a request and returns its id (for cancellation tests); see ``request(_:)`` for the answer.
    @discardableResult
    func sendRequest(method: String, params: JSONValue?) -> RequestID {
        let id = RequestID.int(nextID.withLock { value in defer { value += 1 }; return value })
        send(.request(id: id, method: method, params: params))
        return id
    }

    /// Sends a request and waits for its response.
    func request(method: String, params: JSONValue?) async throws -> Result<JSONValue, ResponseError> {
        let id = sendRequest(method: method, params: params)
        return try await response(to: id)
    }

    func request<R: LSPRequest>(_ request: R) async throws -> R.Response {
        let result = try await self.request(method: R.method, params: JSONValueCoding.encode(request))
        switch result {
        case .success(let json): return try JSONValueCoding.decode(R.Response.self, from: json)
        case .failure(let error): throw error
        }
    }

    func response(to id: RequestID) async throws -> Result<JSONValue, ResponseError> {
        let message = try await next("response \(id)") {
            if case .response(let responseID, _) = $0 { return responseID == id }
            return false
        }
        guard case .response(_, let result) = message else { throw ClientError.unexpected("not a response") }
        return result
    }

    // MARK: Waiting

    /// Takes the first message (already received or arriving within the timeout) that matches.
    func next(_ what: String, timeout: TimeInterval? = nil, where predicate: @escaping @Sendable (JSONRPCMessage) -> Bool) async throws -> JSONRPCMessage {
        guard let message = await box.take(matching: predicate, timeout: timeout ?? defaultTimeout) else {
            throw ClientError.timeout(what)
        }
        return message
    }

    func nextNotification(_ method: String, timeout: TimeInterval? = nil, where predicate: @escaping @Sendable (JSONValue?) -> Bool = { _ in true }) async throws -> JSONValue? {
        let message = try await next("notification \(method)", timeout: timeout) {
            if case .notification(let name, let params) = $0 { return name == method && predicate(params) }
            return false
        }
        guard case .notification(_, let params) = message else { return nil }
        return params
    }

    /// Waits for `publishDiagnostics` of `uri` (at `version`, when given).
    func waitForDiagnostics(uri: DocumentURI, version: Int? = nil, timeout: TimeInterval? = nil) async throws -> PublishDiagnosticsNotification {
        let params = try await nextNotification(PublishDiagnosticsNotification.method, timeout: timeout) { params in
            params?["uri"]?.stringValue == uri && (version == nil || params?["version"]?.intValue == version)
        }
        return try JSONValueCoding.decode(PublishDiagnosticsNotification.self, from: params)
    }

    /// Messages received and not yet taken by a wait.
    var unconsumedMessages: [JSONRPCMessage] { box.pending }

    /// Server-to-client requests received so far (they are answered automatically).
    var serverRequests: [(method: String, params: JSONValue?)] { box.serverRequests }

    // MARK: Conveniences

    static let fullCapabilities: JSONValue = [
        "general": ["positionEncodings": ["utf-16"]],
        "textDocument": [
            "publishDiagnostics": ["relatedInformation": true, "versionSupport": true, "codeDescriptionSupport": true, "dataSupport": true],
            "codeAction": [
                "codeActionLiteralSupport": ["codeActionKind": ["valueSet": ["quickfix", "source.fixAll"]]],
                "resolveSupport": ["properties": ["edit"]], "dataSupport": true, "isPreferredSupport": true,
            ],
        ],
        "workspace": [
            "applyEdit": true, "workspaceEdit": ["documentChanges": true], "configuration": true,
            "didChangeWatchedFiles": ["dynamicRegistration": true], "workspaceFolders": true,
        ],
        "window": ["workDoneProgress": true, "showMessage": [:]],
    ]

    @discardableResult
    func initialize(capabilities: JSONValue = InProcessTestClient.fullCapabilities, rootURI: String? = nil, initializationOptions: JSONValue? = nil) async throws -> JSONValue {
        var params: [String: JSONValue] = ["processId": .null, "capabilities": capabilities, "rootUri": rootURI.map(JSONValue.string) ?? .null]
        if let initializationOptions { params["initializationOptions"] = initializationOptions }
        let result = try await request(method: InitializeRequest.method, params: .object(params))
        notify(InitializedNotification())
        return try result.get()
    }

    func open(uri: DocumentURI, text: String, version: Int = 1, languageID: String = "javascript") {
        notify(DidOpenTextDocumentNotification(textDocument: TextDocumentItem(uri: uri, languageId: languageID, version: version, text: text)))
    }

    func change(uri: DocumentURI, version: Int, _ changes: [TextDocumentContentChangeEvent]) {
        notify(DidChangeTextDocumentNotification(textDocument: VersionedTextDocumentIdentifier(uri: uri, version: version), contentChanges: changes))
    }

    /// Returns once the server handled every message sent before: a request is answered only
    /// after the notifications before it (the message loop is in order).
    func barrier() async throws {
        _ = try await request(method: "sqlheal/testBarrier", params: nil)
    }

    /// Sends `shutdown` and `exit`; returns the server's exit code.
    func shutdownAndExit() async throws -> Int32 {
        _ = try await request(method: ShutdownRequest.method, params: nil).get()
        notify(ExitNotification())
        return try await waitForExitCode()
    }

    func waitForExitCode(timeout: TimeInterval? = nil) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout ?? defaultTimeout)
        while Date() < deadline {
            if let code = exitCode.withLock({ $0 }) { return code }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        throw ClientError.timeout("exit")
    }

    /// Closes the client's end of the input (as if the editor died).
    func closeInput() { try? toServer.fileHandleForWriting.close() }

    // MARK: Reading

    private func startReading() {
        let handle = fromServer.fileHandleForReading
        let box = self.box
        let responder = self.serverRequestResponder
        let toServer = self.toServer
        Thread.detachNewThread {
            var framer = MessageFramer()
            while true {
                let data = readAvailableBytes(handle.fileDescriptor)
                if data.isEmpty { break }
                framer.feed(data)
                while let event = framer.nextEvent() {
                    guard case .message(let body) = event, case .success(let message) = JSONRPCMessage.decode(body) else { continue }
                    if case .request(let id, let method, let params) = message {
                        box.recordServerRequest(method: method, params: params)
                        let answer = responder.withLock { $0 }(method, params)
                        try? toServer.fileHandleForWriting.write(contentsOf: Data(JSONRPCMessage.response(id: id, result: answer).framed))
                    }
                    box.deliver(message)
                }
            }
        }
    }
}

/// Received messages and the waits for them.
final class MessageBox: @unchecked Sendable {
    private struct Waiter {
        var id: UUID
        var predicate: @Sendable (JSONRPCMessage) -> Bool
        var continuation: CheckedContinuation<JSONRPCMessage?, Never>
    }

    private let lock = NSLock()
    private var messages: [JSONRPCMessage] = []
    private var waiters: [Waiter] = []
    private var requests: [(method: String, params: JSONValue?)] = []

    var pending: [JSONRPCMessage] { lock.withLock { messages } }
    var serverRequests: [(method: String, params: JSONValue?)] { lock.withLock { requests } }

    func recordServerRequest(method: String, params: JSONValue?) {
        lock.withLock { requests.append((method, params)) }
    }

    func deliver(_ message: JSONRPCMessage) {
        let waiter: Waiter? = lock.withLock {
            if let index = waiters.firstIndex(where: { $0.predicate(message) }) {
                return waiters.remove(at: index)
            }
            messages.append(message)
            return nil
        }
        waiter?.continuation.resume(returning: message)
    }

    func take(matching predicate: @escaping @Sendable (JSONRPCMessage) -> Bool, timeout: TimeInterval) async -> JSONRPCMessage? {
        let id = UUID()
        return await withCheckedContinuation { continuation in
            let found: JSONRPCMessage? = lock.withLock {
                if let index = messages.firstIndex(where: predicate) { return messages.remove(at: index) }
                waiters.append(Waiter(id: id, predicate: predicate, continuation: continuation))
                return nil
            }
            if let found {
                continuation.resume(returning: found)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
                let expired: Waiter? = lock.withLock {
                    guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return waiters.remove(at: index)
                }
                expired?.continuation.resume(returning: nil)
            }
        }
    }
}

final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Reads what is available from `descriptor`, retrying on EINTR (a SIGCHLD must not end the
/// read loop, and `FileHandle.availableData` traps on read errors); empty at end of file or error.
func readAvailableBytes(_ descriptor: Int32) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 { return Array(buffer[0..<count]) }
        if count < 0, errno == EINTR { continue }
        return []
    }
}
