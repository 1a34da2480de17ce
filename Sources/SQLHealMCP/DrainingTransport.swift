import Foundation
import Logging
import MCP

/// The SDK's stdio transport, plus a record of which requests are still unanswered.
///
/// When the client closes its end (a script piping requests in, then EOF), the SDK's message
/// loop ends while requests it has already handed to handlers are still running; exiting then
/// would drop their answers. ``waitUntilAnswered(atMost:)`` lets the process write them first.
actor DrainingTransport: Transport {
    private let inner: any Transport
    nonisolated let logger: Logger
    private var unanswered: Set<String> = []

    init(_ inner: any Transport, logger: Logger) {
        self.inner = inner
        self.logger = logger
    }

    func connect() async throws { try await inner.connect() }

    func disconnect() async { await inner.disconnect() }

    func send(_ data: Data) async throws {
        try await inner.send(data)
        for message in Self.messages(in: data) where message["method"] == nil && (message["result"] != nil || message["error"] != nil) {
            if let id = message["id"] { unanswered.remove(Self.key(id)) }
        }
    }

    func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        let upstream = inner
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await data in await upstream.receive() {
                        self.noteRequests(in: data)
                        continuation.yield(data)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Returns once every request received has been answered, or after `limit`.
    func waitUntilAnswered(atMost limit: Duration) async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while !unanswered.isEmpty, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func noteRequests(in data: Data) {
        for message in Self.messages(in: data) where message["method"] != nil {
            if let id = message["id"] { unanswered.insert(Self.key(id)) }
        }
    }

    /// The JSON-RPC objects of one message (a batch holds several); none when it is not JSON.
    private static func messages(in data: Data) -> [[String: Value]] {
        guard let value = try? JSONDecoder().decode(Value.self, from: data) else { return [] }
        if let object = value.objectValue { return [object] }
        return value.arrayValue?.compactMap(\.objectValue) ?? []
    }

    private static func key(_ id: Value) -> String { JSONText.serialize(id, pretty: false) }
}
