import Foundation
import SQLHealJSONRPC
import Testing

/// Replays every `protocol-fixtures/**/*.lsp` against the built `sqlheal serve` binary
/// (`.build/debug/sqlheal`, or `$SQLHEAL_BINARY`). Build first: `swift build --build-tests`.
@Suite("Protocol fixtures")
struct ProtocolFixtureTests {
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let fixturesDirectory = repositoryRoot + "/protocol-fixtures"

    static var fixtureNames: [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: fixturesDirectory) else { return [] }
        var names: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasPrefix("projects/") { continue }
            if path.hasSuffix(".lsp") { names.append(path) }
        }
        return names.sorted()
    }

    static var binaryPath: String {
        ProcessInfo.processInfo.environment["SQLHEAL_BINARY"] ?? repositoryRoot + "/.build/debug/sqlheal"
    }

    static var waitTimeout: TimeInterval {
        ProcessInfo.processInfo.environment["SQLHEAL_FIXTURE_TIMEOUT"].flatMap(TimeInterval.init) ?? 60
    }

    @Test func fixturesExist() {
        #expect(Self.fixtureNames.count >= 5, "no fixtures found in \(Self.fixturesDirectory)")
    }

    @Test(arguments: fixtureNames)
    func replay(_ name: String) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binaryPath) else {
            Issue.record("no sqlheal binary at \(Self.binaryPath): run `swift build` first (or set SQLHEAL_BINARY)")
            return
        }
        let text = try String(contentsOfFile: Self.fixturesDirectory + "/" + name, encoding: .utf8)
        let script = try FixtureScript.parse(text, fixturesDirectory: Self.fixturesDirectory, defaultTimeout: Self.waitTimeout)
        let session = try FixtureSession(binary: Self.binaryPath, workingDirectory: script.rootDirectory)
        defer {
            session.terminate()
            if let copy = script.temporaryRoot { try? FileManager.default.removeItem(atPath: copy) }
        }
        do {
            try await session.run(script)
        } catch {
            Issue.record("\(name): \(error)\n--- server stderr (tail) ---\n\(session.standardErrorTail)")
        }
    }
}

/// One running `sqlheal serve` and the messages it sent.
final class FixtureSession: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var received: [JSONValue] = []
    private var stderrBytes: [UInt8] = []
    private var captures: [String: JSONValue] = [:]

    init(binary: String, workingDirectory: String) throws {
        // Writing to a server that already exited must fail the write, not kill the test run.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--stdio"]
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputHandle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            var framer = MessageFramer()
            while true {
                let data = readAvailableBytes(outputHandle.fileDescriptor)
                if data.isEmpty { break }
                for event in framer.process(data) {
                    switch event {
                    case .message(let body):
                        let value = (try? JSONParser.parse(body)) ?? .string("UNPARSABLE: " + String(decoding: body, as: UTF8.self))
                        lock.withLock { received.append(value) }
                    case .error(let error):
                        lock.withLock { received.append(.string("FRAMING ERROR ON STDOUT: \(error)")) }
                    }
                }
            }
        }
        let errorHandle = errors.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let data = readAvailableBytes(errorHandle.fileDescriptor)
                if data.isEmpty { break }
                lock.withLock {
                    stderrBytes.append(contentsOf: data)
                    if stderrBytes.count > 64 * 1024 { stderrBytes.removeFirst(stderrBytes.count - 64 * 1024) }
                }
            }
        }
    }

    var standardErrorTail: String {
        lock.withLock { String(decoding: stderrBytes.suffix(4000), as: UTF8.self) }
    }

    func terminate() {
        if process.isRunning { process.terminate() }
        try? input.fileHandleForWriting.close()
    }

    func run(_ script: FixtureScript) async throws {
        for step in script.steps {
            switch step {
            case .send(let value, _):
                let message = lock.withLock { JSONPattern.load(value, captures: captures) }
                write(MessageFramer.frame(JSONSerializer.serialize(message)))
            case .sendBody(let body, _):
                write(MessageFramer.frame(body))
            case .sendRaw(let bytes, _):
                write(bytes)
            case .closeInput:
                try? input.fileHandleForWriting.close()
            case .writeFile(let path, let contents, let line):
                do {
                    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try Data(contents).write(to: URL(fileURLWithPath: path))
                } catch {
                    throw Failure(description: "line \(line): cannot write \(path): \(error)")
                }
            case .removeFile(let path, let line):
                do { try FileManager.default.removeItem(atPath: path) } catch {
                    throw Failure(description: "line \(line): cannot remove \(path): \(error)")
                }
            case .pause(let seconds, _):
                try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            case .expect(let expected, let line):
                try await waitForMessages(expected, line: line, script: script)
            case .expectExit(let code, let line):
                let deadline = Date().addingTimeInterval(script.timeout)
                while process.isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 10_000_000) }
                guard !process.isRunning else { throw Failure(description: "line \(line): the server did not exit") }
                guard process.terminationStatus == code else {
                    throw Failure(description: "line \(line): exit code \(process.terminationStatus), expected \(code)")
                }
            }
        }
        // Anything left over that nobody expected is a failure: it would reach a real client too.
        let leftovers = lock.withLock { received }.filter { !isIgnored($0, script: script) }
        if !leftovers.isEmpty {
            throw Failure(description: "unexpected messages from the server:\n" + leftovers.map(\.description).joined(separator: "\n"))
        }
    }

    private func write(_ bytes: [UInt8]) {
        // The server may already have exited (a fixture about exit codes): a broken pipe is fine.
        do { try input.fileHandleForWriting.write(contentsOf: Data(bytes)) } catch {}
    }

    private func isIgnored(_ message: JSONValue, script: FixtureScript) -> Bool {
        guard let method = message["method"]?.stringValue, message["id"] == nil else { return false }
        return script.ignoredMethods.contains(method)
    }

    /// Waits until every expected message has arrived, matching each to a distinct received
    /// message in any order; received messages that match nothing stay for later steps.
    private func waitForMessages(_ expected: [JSONValue], line: Int, script: FixtureScript) async throws {
        var remaining = expected
        let deadline = Date().addingTimeInterval(script.timeout)
        while true {
            lock.withLock {
                var index = 0
                while index < remaining.count {
                    var matchedCaptures: [String: JSONValue]?
                    let pattern = remaining[index]
                    let found = received.firstIndex { candidate in
                        var trial = captures
                        guard JSONPattern.matches(pattern, candidate, captures: &trial) else { return false }
                        matchedCaptures = trial
                        return true
                    }
                    if let found, let matchedCaptures {
                        captures = matchedCaptures
                        received.remove(at: found)
                        remaining.remove(at: index)
                    } else {
                        index += 1
                    }
                }
            }
            if remaining.isEmpty { return }
            if Date() >= deadline {
                let got = lock.withLock { received }.filter { !isIgnored($0, script: script) }
                throw Failure(description: """
                    line \(line): timed out after \(Int(script.timeout)) s waiting for
                    \(remaining.map(\.description).joined(separator: "\n"))
                    unmatched messages received:
                    \(got.map(\.description).joined(separator: "\n"))
                    """)
            }
            try await Task.sleep(nanoseconds: 5_000_000)
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
