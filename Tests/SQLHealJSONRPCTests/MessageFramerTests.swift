import SQLHealJSONRPC
import Testing

@Suite("Content-Length framing")
struct MessageFramerTests {
    struct FramingCase: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        /// The bodies that must come out, in order.
        var expectedBodies: [String]
        var expectsFramingError: Bool
        var testDescription: String { name }
    }

    static let cases: [FramingCase] = [
        FramingCase(name: "one frame", input: "Content-Length: 2\r\n\r\n{}", expectedBodies: ["{}"], expectsFramingError: false),
        FramingCase(name: "two frames back to back, the rest waits", input: "Content-Length: 2\r\n\r\n{}Content-Length: 4\r\n\r\n[1,2]",
                    expectedBodies: ["{}", "[1,2"], expectsFramingError: false),
        FramingCase(name: "header name case-insensitive", input: "content-LENGTH: 3\r\n\r\nabc", expectedBodies: ["abc"], expectsFramingError: false),
        FramingCase(name: "Content-Type first, ignored", input: "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 3\r\n\r\nabc",
                    expectedBodies: ["abc"], expectsFramingError: false),
        FramingCase(name: "Content-Type after", input: "Content-Length: 3\r\nContent-Type: x\r\n\r\nabc", expectedBodies: ["abc"], expectsFramingError: false),
        FramingCase(name: "spaces around the value", input: "Content-Length:    3  \r\n\r\nabc", expectedBodies: ["abc"], expectsFramingError: false),
        FramingCase(name: "length counts UTF-8 bytes", input: "Content-Length: 6\r\n\r\n\"é😀\"Content-Length: 1\r\n\r\nx".replacingOccurrences(of: "6", with: "8"),
                    expectedBodies: ["\"é😀\"", "x"], expectsFramingError: false),
        FramingCase(name: "zero length", input: "Content-Length: 0\r\n\r\nContent-Length: 1\r\n\r\nx", expectedBodies: ["", "x"], expectsFramingError: false),
        FramingCase(name: "missing Content-Length then a good frame", input: "Content-Type: foo\r\n\r\n{}Content-Length: 1\r\n\r\nx",
                    expectedBodies: ["x"], expectsFramingError: true),
        FramingCase(name: "negative length", input: "Content-Length: -5\r\n\r\nhelloContent-Length: 1\r\n\r\nx",
                    expectedBodies: ["x"], expectsFramingError: true),
        FramingCase(name: "non-numeric length", input: "Content-Length: ten\r\n\r\nContent-Length: 1\r\n\r\nx",
                    expectedBodies: ["x"], expectsFramingError: true),
        FramingCase(name: "absurd length", input: "Content-Length: 67108865\r\n\r\nContent-Length: 1\r\n\r\nx",
                    expectedBodies: ["x"], expectsFramingError: true),
        FramingCase(name: "overflowing length", input: "Content-Length: 999999999999999999999999\r\n\r\nContent-Length: 1\r\n\r\nx",
                    expectedBodies: ["x"], expectsFramingError: true),
        FramingCase(name: "garbage before a frame", input: "xyzzy\r\nContent-Length: 1\r\n\r\nx", expectedBodies: ["x"], expectsFramingError: false),
        FramingCase(name: "garbage glued to the header", input: "xyzzyContent-Length: 1\r\n\r\nx", expectedBodies: ["x"], expectsFramingError: true),
        FramingCase(name: "header block too long", input: String(repeating: "a", count: 9000) + "Content-Length: 1\r\n\r\nx",
                    expectedBodies: ["x"], expectsFramingError: true),
        FramingCase(name: "bare LF separators", input: "Content-Length: 1\n\nx", expectedBodies: ["x"], expectsFramingError: false),
        FramingCase(name: "blank lines between frames", input: "Content-Length: 1\r\n\r\nx\r\n\r\nContent-Length: 1\r\n\r\ny",
                    expectedBodies: ["x", "y"], expectsFramingError: false),
        FramingCase(name: "incomplete body waits", input: "Content-Length: 10\r\n\r\nabc", expectedBodies: [], expectsFramingError: false),
        FramingCase(name: "incomplete header waits", input: "Content-Length: 1\r\n", expectedBodies: [], expectsFramingError: false),
    ]

    /// Feeds the input whole, then byte by byte, then in chunks of 7: the result must not depend on chunking.
    @Test(arguments: cases)
    func framing(_ testCase: FramingCase) {
        let bytes = Array(testCase.input.utf8)
        for chunkSize in [bytes.count + 1, 1, 7] {
            var framer = MessageFramer()
            var events: [FramerEvent] = []
            var index = 0
            while index < bytes.count {
                let end = min(index + chunkSize, bytes.count)
                events += framer.process(bytes[index..<end])
                index = end
            }
            let bodies = events.compactMap { event -> String? in
                if case .message(let body) = event { return String(decoding: body, as: UTF8.self) }
                return nil
            }
            let sawError = events.contains { if case .error = $0 { true } else { false } }
            #expect(bodies == testCase.expectedBodies, "chunk size \(chunkSize)")
            #expect(sawError == testCase.expectsFramingError, "chunk size \(chunkSize): \(events)")
        }
    }

    @Test func framedMessagesRoundTrip() throws {
        let message = JSONRPCMessage.request(id: .string("a"), method: "x/y", params: ["text": "é\r\n😀"])
        var framer = MessageFramer()
        let events = framer.process(message.framed + message.framed)
        #expect(events.count == 2)
        for event in events {
            guard case .message(let body) = event else {
                Issue.record("expected a message, got \(event)")
                continue
            }
            #expect(try JSONRPCMessage.decode(body).get() == message)
        }
    }

    @Test func memoryStaysBoundedWhileResynchronising() {
        var framer = MessageFramer()
        let garbage = [UInt8](repeating: UInt8(ascii: "q"), count: 100_000)
        for _ in 0..<20 { _ = framer.process(garbage) }
        #expect(framer.bufferedByteCount < MessageFramer.maximumHeaderBlockLength + 100_000)
        let events = framer.process(Array("Content-Length: 1\r\n\r\nx".utf8))
        #expect(events.contains(.message(Array("x".utf8))))
    }
}
