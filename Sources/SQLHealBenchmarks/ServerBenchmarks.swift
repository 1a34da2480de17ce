import Foundation
import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealServer

/// The server's input path and its keystroke latency.
struct ServerBenchmarks: BenchmarkSuite {
    let name = "server"

    /// A 5,000-line TypeScript document with a query every few lines.
    static let bigDocument: String = {
        var lines: [String] = []
        for index in 0..<5_000 {
            switch index % 5 {
            case 0: lines.append("const user\(index) = db.get(`SELECT id, email, name FROM users WHERE id = ${ids[\(index)]}`);")
            case 1: lines.append("db.run('UPDATE users SET name = ? WHERE id = ?', [name\(index), parseInt(id)]);")
            case 2: lines.append("// a comment with an emoji 😀 and an accent é on line \(index)")
            case 3: lines.append("const rows\(index) = sql`SELECT o.id, o.total FROM orders o WHERE o.user_id = ${userId}`;")
            default: lines.append("function f\(index)(a: number): string { return String(a + \(index)); }")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static let warmAnalyzer = DocumentAnalyzer(schema: .empty)

    /// The same size, no SQL: the server's own per-keystroke cost.
    static let plainDocument: String = String(repeating: "function f(a: number): string { return String(a + 1); } // 😀 é\n", count: 5_000)

    /// 2,000 framed `didChange` messages with small edits, as a typing client sends them.
    static let typingStream: [UInt8] = {
        var stream: [UInt8] = []
        for version in 2..<2_002 {
            let change = DidChangeTextDocumentNotification(
                textDocument: VersionedTextDocumentIdentifier(uri: "file:///bench/src/big.ts", version: version),
                contentChanges: [TextDocumentContentChangeEvent(
                    range: LSPRange(start: Position(line: version % 5_000, character: 10), end: Position(line: version % 5_000, character: 10)),
                    text: "x")])
            stream += JSONRPCMessage.notification(method: DidChangeTextDocumentNotification.method, params: JSONValueCoding.encode(change)).framed
        }
        return stream
    }()

    static let bigOpenBody: [UInt8] = JSONSerializer.serialize(JSONRPCMessage.notification(
        method: DidOpenTextDocumentNotification.method,
        params: JSONValueCoding.encode(DidOpenTextDocumentNotification(textDocument: TextDocumentItem(
            uri: "file:///bench/src/big.ts", languageId: "typescript", version: 1, text: bigDocument)))).json)

    var benchmarks: [Benchmark] {
        [
            Benchmark(name: "framing 2k didChange frames (64 KiB reads)") {
                let stream = Self.typingStream
                var framer = MessageFramer()
                var messages = 0
                var index = 0
                while index < stream.count {
                    let end = min(index + 65_536, stream.count)
                    framer.feed(stream[index..<end])
                    while let event = framer.nextEvent() { if case .message = event { messages += 1 } }
                    index = end
                }
                precondition(messages == 2_000)
                return stream.count
            },
            Benchmark(name: "JSON parse + envelope 2k didChange bodies") {
                var framer = MessageFramer()
                let bodies = framer.process(Self.typingStream).compactMap { event -> [UInt8]? in
                    if case .message(let body) = event { return body }
                    return nil
                }
                var decoded = 0
                for body in bodies {
                    if case .success = JSONRPCMessage.decode(body) { decoded += 1 }
                }
                return bodies.reduce(0) { $0 + $1.count }
            },
            Benchmark(name: "decode 2k didChange params to LSP types", iterations: 10) {
                var framer = MessageFramer()
                var bytes = 0
                for event in framer.process(Self.typingStream) {
                    guard case .message(let body) = event, case .success(.notification(_, let params)) = JSONRPCMessage.decode(body) else { continue }
                    _ = try? JSONValueCoding.decode(DidChangeTextDocumentNotification.self, from: params)
                    bytes += body.count
                }
                return bytes
            },
            Benchmark(name: "JSON parse didOpen of a 5,000-line document") {
                _ = try? JSONParser.parse(Self.bigOpenBody)
                return Self.bigOpenBody.count
            },
            Benchmark(name: "decode didOpen params (5,000 lines) to LSP types", iterations: 10) {
                if case .success(.notification(_, let params)) = JSONRPCMessage.decode(Self.bigOpenBody) {
                    _ = try? JSONValueCoding.decode(DidOpenTextDocumentNotification.self, from: params)
                }
                return Self.bigOpenBody.count
            },
            Benchmark(name: "analysis alone of the 5,000-line document", iterations: 10) {
                let analyzer = DocumentAnalyzer(schema: .empty)
                let text = Array(Self.bigDocument.utf8)
                _ = analyzer.analyze(text, language: .typescript)
                return text.count
            },
            Benchmark(name: "re-analysis, warm analyzer, of the 5,000-line document", iterations: 10) {
                let text = Array(Self.bigDocument.utf8)
                _ = Self.warmAnalyzer.analyze(text, language: .typescript)
                return text.count
            },
            Benchmark(name: "query extraction alone of the 5,000-line document", iterations: 10) {
                let text = Array(Self.bigDocument.utf8)
                _ = QueryExtractor.extractQueries(from: text, language: .typescript, configuration: .default)
                return text.count
            },
            Benchmark(name: "apply one keystroke + rebuild LineIndex (5,000 lines)", iterations: 50) {
                // What the message loop itself does per didChange, before analysis.
                var text = Array(Self.bigDocument.utf8)
                let index = LineIndex(utf8: text)
                let offset = index.offset(of: TextPosition(line: 2_500, column: 20), in: .utf16)
                text.insert(UInt8(ascii: "a"), at: offset)
                _ = LineIndex(utf8: text)
                return text.count
            },
            keystrokeLatencyBenchmark(documentName: "5,000-line document with 3,000 queries", text: Self.bigDocument),
            keystrokeLatencyBenchmark(documentName: "5,000-line document without SQL", text: Self.plainDocument),
        ]
    }

    /// didChange -> publishDiagnostics of that version, through pipes and the real server, on a
    /// 5,000-line document (one keystroke per iteration).
    func keystrokeLatencyBenchmark(documentName: String, text: String) -> Benchmark {
        let harness = InProcessServerHarness()
        harness.sendAndWait(
            JSONRPCMessage.request(id: .int(1), method: InitializeRequest.method, params: ["capabilities": [:], "rootUri": "file:///bench"]),
            until: { $0["id"] == 1 })
        harness.send(JSONRPCMessage.notification(method: InitializedNotification.method, params: [:]))
        harness.sendAndWait(
            JSONRPCMessage.notification(method: DidOpenTextDocumentNotification.method, params: JSONValueCoding.encode(DidOpenTextDocumentNotification(
                textDocument: TextDocumentItem(uri: "file:///bench/src/big.ts", languageId: "typescript", version: 1, text: text)))),
            until: { $0["method"] == "textDocument/publishDiagnostics" && $0["params"]?["version"] == 1 })
        let version = LockedCounter(start: 1)
        return Benchmark(name: "didChange -> publish, \(documentName)", iterations: 50) {
            let next = version.increment()
            let change = DidChangeTextDocumentNotification(
                textDocument: VersionedTextDocumentIdentifier(uri: "file:///bench/src/big.ts", version: next),
                contentChanges: [TextDocumentContentChangeEvent(
                    range: LSPRange(start: Position(line: 2_500, character: 20), end: Position(line: 2_500, character: 20)), text: "a")])
            harness.sendAndWait(
                JSONRPCMessage.notification(method: DidChangeTextDocumentNotification.method, params: JSONValueCoding.encode(change)),
                until: { $0["method"] == "textDocument/publishDiagnostics" && $0["params"]?["version"]?.intValue == next })
            return 0
        }
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int
    init(start: Int) { value = start }
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// A minimal synchronous client for benchmarks: a server in this process, talked to through pipes.
final class InProcessServerHarness: @unchecked Sendable {
    private let toServer = Pipe()
    private let fromServer = Pipe()
    private let server: LanguageServer
    private let condition = NSCondition()
    private var received: [JSONValue] = []

    init() {
        server = LanguageServer(
            inputDescriptor: toServer.fileHandleForReading.fileDescriptor,
            outputDescriptor: fromServer.fileHandleForWriting.fileDescriptor,
            features: DefaultServerFeatures.make(),
            configuration: .init(logsToStandardError: false))
        server.start()
        let handle = fromServer.fileHandleForReading
        Thread.detachNewThread { [self] in
            var framer = MessageFramer()
            while true {
                let data = readAvailableBytes(handle.fileDescriptor)
                if data.isEmpty { return }
                for event in framer.process(data) {
                    guard case .message(let body) = event, let value = try? JSONParser.parse(body) else { continue }
                    condition.lock()
                    received.append(value)
                    condition.broadcast()
                    condition.unlock()
                }
            }
        }
    }

    func send(_ message: JSONRPCMessage) {
        try? toServer.fileHandleForWriting.write(contentsOf: Data(message.framed))
    }

    /// Sends, then waits (up to 30 s) for a message matching `predicate`; earlier messages are dropped.
    func sendAndWait(_ message: JSONRPCMessage, until predicate: (JSONValue) -> Bool) {
        send(message)
        let deadline = Date().addingTimeInterval(30)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let index = received.firstIndex(where: predicate) {
                received.removeFirst(index + 1)
                return
            }
            if !condition.wait(until: deadline) {
                print("benchmark harness: timed out waiting for a server message")
                return
            }
        }
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
