import Foundation
import SQLHealJSONRPC
import SQLHealLSP
@testable import SQLHealServer
import Testing

@Suite("Lifecycle and errors")
struct LifecycleTests {
    @Test func initializeAdvertisesIncrementalSyncAndShutdownExitsZero() async throws {
        let client = InProcessTestClient()
        let result = try await client.initialize()
        #expect(result["capabilities"]?["positionEncoding"] == "utf-16")
        #expect(result["capabilities"]?["textDocumentSync"]?["change"] == 2)
        #expect(result["capabilities"]?["textDocumentSync"]?["openClose"] == true)
        #expect(result["serverInfo"]?["name"] == "sqlheal")
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func malformedCapabilityGroupsAreReadAsAbsentAndRawIsKept() async throws {
        let client = InProcessTestClient()
        let result = try await client.initialize(capabilities: [
            "window": 5, "workspace": ["applyEdit": "yes", "configuration": true],
            "general": ["positionEncodings": ["utf-8"]], "experimental": ["x": 1],
        ])
        #expect(result["capabilities"]?["positionEncoding"] == "utf-8")
        let capabilities = client.server.clientCapabilities
        #expect(capabilities.window == nil)
        #expect(capabilities.supportsApplyEdit == false)
        #expect(capabilities.supportsConfigurationRequest == true)
        #expect(capabilities.raw["experimental"] == ["x": 1])
        #expect(capabilities.raw["window"] == 5)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func exitWithoutShutdownExitsOne() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        client.notify(ExitNotification())
        #expect(try await client.waitForExitCode() == 1)
    }

    @Test func closedInputWithoutShutdownExitsOne() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        client.closeInput()
        #expect(try await client.waitForExitCode() == 1)
    }

    @Test func requestBeforeInitializeIsRejectedAndInitializeStillWorks() async throws {
        let client = InProcessTestClient()
        let early = try await client.request(method: ShutdownRequest.method, params: nil)
        #expect(early.errorCode == -32002)
        let unknownEarly = try await client.request(method: "textDocument/hover", params: [:])
        #expect(unknownEarly.errorCode == -32002)
        try await client.initialize()
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func unknownRequestIsMethodNotFound() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        #expect(try await client.request(method: "sqlheal/doesNotExist", params: [:]).errorCode == -32601)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func invalidParamsAreAnsweredAndTheServerKeepsWorking() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        let bad = try await client.request(method: ExecuteCommandRequest.method, params: ["command": 42])
        #expect(bad.errorCode == -32602)
        let badArguments = try await client.request(method: ExecuteCommandRequest.method, params: ["command": "sqlheal.nope"])
        #expect(badArguments.errorCode == -32602)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func secondInitializeIsInvalidRequest() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        let again = try await client.request(method: InitializeRequest.method, params: ["capabilities": [:]])
        #expect(again.errorCode == -32600)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func requestsAfterShutdownAreInvalid() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        _ = try await client.request(method: ShutdownRequest.method, params: nil).get()
        #expect(try await client.request(method: ShutdownRequest.method, params: nil).errorCode == -32600)
        #expect(try await client.request(method: "textDocument/hover", params: [:]).errorCode == -32600)
        client.notify(ExitNotification())
        #expect(try await client.waitForExitCode() == 0)
    }

    @Test func brokenJSONWithAnIDIsAnsweredParseErrorWithoutIsDropped() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        client.sendRaw(MessageFramer.frame(Array(#"{"jsonrpc":"2.0","id":77,"method":"shutdown","params":{"#.utf8)))
        let answer = try await client.response(to: .int(77))
        #expect(answer.errorCode == -32700)
        client.sendRaw(MessageFramer.frame(Array("{not json at all".utf8)))
        // The frame after the dropped one is read normally.
        #expect(try await client.request(method: "sqlheal/doesNotExist", params: nil).errorCode == -32601)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func barrageOfBrokenFramesLeavesTheServerAnswering() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        let barrage: [String] = [
            "Content-Length: -5\r\n\r\n{}",
            "Content-Length: abc\r\n\r\n",
            "Content-Length: 99999999999999999999\r\n\r\n",
            "Content-Type: application/vscode-jsonrpc\r\n\r\n{\"jsonrpc\":\"2.0\"}",
            "\u{0}\u{1}\u{2}garbage without any header at all",
            "Content-Length: 2\r\n\r\n[]",
            "Content-Length: 4\r\n\r\nnull",
            "Content-Length: 20\r\n\r\n{\"jsonrpc\":\"2.0\",\"i",
            "d\":true,\"method\":1}",
            "Content-Length: 60\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":1}",
            "Content-Length: 57\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{}}",
        ]
        for frame in barrage { client.sendRaw(Array(frame.utf8)) }
        client.sendRaw(Array("\r\n".utf8))
        let answer = try await client.request(method: "sqlheal/doesNotExist", params: nil)
        #expect(answer.errorCode == -32601)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func unknownDollarNotificationsAreIgnored() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        client.send(.notification(method: "$/setTrace", params: ["value": "verbose"]))
        client.send(.notification(method: "$/somethingNew", params: nil))
        #expect(try await client.request(method: "sqlheal/doesNotExist", params: nil).errorCode == -32601)
        #expect(try await client.shutdownAndExit() == 0)
    }

    struct EncodingCase: CustomTestStringConvertible, Sendable {
        var offered: [String]?
        var expected: String
        var testDescription: String { "\(offered.map { "\($0)" } ?? "nothing") -> \(expected)" }
    }

    @Test(arguments: [
        EncodingCase(offered: nil, expected: "utf-16"),
        EncodingCase(offered: [], expected: "utf-16"),
        EncodingCase(offered: ["utf-16"], expected: "utf-16"),
        EncodingCase(offered: ["utf-8", "utf-16"], expected: "utf-16"),
        EncodingCase(offered: ["utf-8"], expected: "utf-8"),
        EncodingCase(offered: ["utf-32"], expected: "utf-32"),
        EncodingCase(offered: ["utf-32", "utf-8"], expected: "utf-8"),
        EncodingCase(offered: ["ebcdic"], expected: "utf-16"),
    ])
    func positionEncodingNegotiation(_ testCase: EncodingCase) async throws {
        let client = InProcessTestClient()
        var capabilities: [String: JSONValue] = [:]
        if let offered = testCase.offered { capabilities["general"] = ["positionEncodings": .array(offered.map(JSONValue.string))] }
        let result = try await client.initialize(capabilities: .object(capabilities))
        #expect(result["capabilities"]?["positionEncoding"]?.stringValue == testCase.expected)
        #expect(client.server.positionEncoding.rawValue == testCase.expected)
        #expect(try await client.shutdownAndExit() == 0)
    }
}

extension Result<JSONValue, ResponseError> {
    var errorCode: Int? {
        if case .failure(let error) = self { return error.code.rawValue }
        return nil
    }
}
