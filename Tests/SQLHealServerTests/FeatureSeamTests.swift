import Foundation
import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP
@testable import SQLHealServer
import Testing

/// A feature as another owner would write one, exercising every part of the seam.
final class ProbeFeature: ServerFeature {
    let name = "probe"
    let initializedCalls = Locked(0)

    func register(with registry: ServerHandlerRegistry) {
        // Publishes a finding given as (uri, text, byteStart, byteEnd) for any URI.
        registry.onCommand("probe.publish") { arguments, server in
            guard let uri = arguments.first?["uri"]?.stringValue, let text = arguments.first?["text"]?.stringValue,
                  let start = arguments.first?["byteStart"]?.intValue, let end = arguments.first?["byteEnd"]?.intValue, start <= end
            else { throw ResponseError.invalidParams("expected {uri, text, byteStart, byteEnd}") }
            let finding = Finding(
                code: .missingColumn, severity: .error, range: start..<end, message: "no such column",
                related: [RelatedLocation(location: SchemaLocation(path: "migrations/001_init.sql", line: 3), message: "users is declared here")])
            server.publishDiagnostics(uri: uri, version: nil, findings: [finding], text: Array(text.utf8))
            return .null
        }
        // Asks the client to apply an edit and returns the client's answer.
        registry.onCommand("probe.applyEdit") { _, server in
            let edit = WorkspaceEdit(
                edits: [(OptionalVersionedTextDocumentIdentifier(uri: "file:///p/a.js", version: 1),
                         [TextEdit(range: LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)), newText: "x")])],
                useDocumentChanges: server.clientCapabilities.supportsDocumentChanges)
            let answer = try await server.sendRequest(ApplyWorkspaceEditRequest(label: "probe", edit: edit))
            return ["applied": .bool(answer.applied)]
        }
        registry.onCommand("probe.fail") { _, _ in
            struct Boom: Error {}
            throw Boom()
        }
        // Never answers by itself: only cancellation ends it.
        registry.onRequest(ProbeHangRequest.self) { _, _, _ in }
        registry.onAsyncRequest(ProbeEchoRequest.self) { request, _ in ProbeEchoRequest.Response(text: request.text) }
    }

    func contributeCapabilities(_ capabilities: inout ServerCapabilities, for params: InitializeRequest) {
        capabilities.addCodeActionKinds([.quickFix], resolveProvider: true)
    }

    func initialized(server: LanguageServer) {
        initializedCalls.withLock { $0 += 1 }
    }
}

struct ProbeHangRequest: LSPRequest {
    static let method = "probe/hang"
    typealias Response = VoidResponse
}

struct ProbeEchoRequest: LSPRequest {
    static let method = "probe/echo"
    struct Response: Codable, Sendable { var text: String }
    var text: String
}

@Suite("Extension seam")
struct FeatureSeamTests {
    @Test func featureCapabilitiesAndCommandsAreAdvertised() async throws {
        let probe = ProbeFeature()
        let client = InProcessTestClient(features: [probe])
        let result = try await client.initialize()
        #expect(result["capabilities"]?["executeCommandProvider"]?["commands"] == ["probe.applyEdit", "probe.fail", "probe.publish"])
        #expect(result["capabilities"]?["codeActionProvider"]?["codeActionKinds"] == ["quickfix"])
        #expect(result["capabilities"]?["codeActionProvider"]?["resolveProvider"] == true)
        client.notify(InitializedNotification())
        try await client.barrier()
        // Once, even though the client sent `initialized` twice.
        #expect(probe.initializedCalls.withLock { $0 } == 1)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func serverToClientRequestRoundTrip() async throws {
        let client = InProcessTestClient(features: [ProbeFeature()])
        client.serverRequestResponder.withLock { $0 = { method, _ in
            method == ApplyWorkspaceEditRequest.method ? .success(["applied": true]) : .success(.null)
        } }
        try await client.initialize()
        let result = try await client.request(method: ExecuteCommandRequest.method, params: ["command": "probe.applyEdit"]).get()
        #expect(result == ["applied": true])
        let sent = try #require(client.serverRequests.first { $0.method == ApplyWorkspaceEditRequest.method })
        // The client advertised documentChanges, so the edit uses them.
        #expect(sent.params?["edit"]?["documentChanges"]?[0]?["textDocument"]?["version"] == 1)
        #expect(sent.params?["edit"]?["changes"] == nil)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func commandErrorsBecomeInternalErrors() async throws {
        let client = InProcessTestClient(features: [ProbeFeature()])
        try await client.initialize()
        #expect(try await client.request(method: ExecuteCommandRequest.method, params: ["command": "probe.fail"]).errorCode == -32603)
        #expect(try await client.request(method: ExecuteCommandRequest.method, params: ["command": "probe.publish", "arguments": [1]]).errorCode == -32602)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func cancelRequestIsAnsweredRequestCancelled() async throws {
        let client = InProcessTestClient(features: [ProbeFeature()])
        try await client.initialize()
        let id = client.sendRequest(method: ProbeHangRequest.method, params: nil)
        client.notify(CancelRequestNotification(id: id))
        #expect(try await client.response(to: id).errorCode == -32800)
        // Cancelling something already answered is harmless.
        client.notify(CancelRequestNotification(id: .int(12345)))
        let echo = try await client.request(ProbeEchoRequest(text: "still here"))
        #expect(echo.text == "still here")
        #expect(try await client.shutdownAndExit() == 0)
    }

    struct PublishCase: CustomTestStringConvertible, Sendable {
        var name: String
        var encoding: String
        /// The finding's range is marked with ⟦ ⟧.
        var fixture: String
        var expected: LSPRange
        var testDescription: String { "\(name) (\(encoding))" }
    }

    static let publishCases: [PublishCase] = [
        PublishCase(name: "ASCII", encoding: "utf-16", fixture: "db.all('SELECT ⟦nme⟧ FROM users')",
                    expected: range(0, 15, 0, 18)),
        PublishCase(name: "after an emoji", encoding: "utf-16", fixture: "// 😀\ndb.all('SELECT 😀, ⟦nme⟧ FROM t')",
                    expected: range(1, 19, 1, 22)),
        PublishCase(name: "after an emoji", encoding: "utf-8", fixture: "// 😀\ndb.all('SELECT 😀, ⟦nme⟧ FROM t')",
                    expected: range(1, 21, 1, 24)),
        PublishCase(name: "after an emoji", encoding: "utf-32", fixture: "// 😀\ndb.all('SELECT 😀, ⟦nme⟧ FROM t')",
                    expected: range(1, 18, 1, 21)),
        PublishCase(name: "accents and CRLF", encoding: "utf-16", fixture: "const é = 1;\r\ndb.get(\"SELECT ⟦ünknown⟧\")",
                    expected: range(1, 15, 1, 22)),
        PublishCase(name: "accents and CRLF", encoding: "utf-8", fixture: "const é = 1;\r\ndb.get(\"SELECT ⟦ünknown⟧\")",
                    expected: range(1, 15, 1, 23)),
        PublishCase(name: "range spanning lines", encoding: "utf-16", fixture: "sql`SELECT ⟦a,\n  b⟧`",
                    expected: range(0, 11, 1, 3)),
    ]

    static func range(_ startLine: Int, _ startCharacter: Int, _ endLine: Int, _ endCharacter: Int) -> LSPRange {
        LSPRange(start: Position(line: startLine, character: startCharacter), end: Position(line: endLine, character: endCharacter))
    }

    @Test(arguments: publishCases)
    func findingsArePublishedInTheNegotiatedEncoding(_ testCase: PublishCase) async throws {
        let (text, byteRange) = try #require(Self.strippingRangeMarkers(testCase.fixture))
        let client = InProcessTestClient(features: [ProbeFeature()])
        try await client.initialize(capabilities: ["general": ["positionEncodings": [.string(testCase.encoding)]]], rootURI: "file:///p")
        let uri = "file:///p/src/file.ts"
        _ = try await client.request(method: ExecuteCommandRequest.method, params: [
            "command": "probe.publish",
            "arguments": [["uri": .string(uri), "text": .string(text), "byteStart": .int(byteRange.lowerBound), "byteEnd": .int(byteRange.upperBound)]],
        ]).get()
        let published = try await client.waitForDiagnostics(uri: uri)
        let diagnostic = try #require(published.diagnostics.first)
        #expect(diagnostic.range == testCase.expected)
        #expect(diagnostic.source == "sqlheal")
        #expect(diagnostic.code == .string("missing-column"))
        #expect(diagnostic.severity == .error)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test(arguments: [true, false])
    func optionalDiagnosticFieldsFollowClientCapabilities(_ supported: Bool) async throws {
        let client = InProcessTestClient(features: [ProbeFeature()])
        let capabilities: JSONValue = supported ? InProcessTestClient.fullCapabilities : [:]
        try await client.initialize(capabilities: capabilities, rootURI: "file:///p")
        let uri = "file:///p/src/unopened.js"
        _ = try await client.request(method: ExecuteCommandRequest.method, params: [
            "command": "probe.publish",
            "arguments": [["uri": .string(uri), "text": "db.all('SELECT x')", "byteStart": 15, "byteEnd": 16]],
        ]).get()
        let diagnostic = try #require(try await client.waitForDiagnostics(uri: uri).diagnostics.first)
        if supported {
            #expect(diagnostic.relatedInformation?.first?.location.uri == "file:///p/migrations/001_init.sql")
            #expect(diagnostic.relatedInformation?.first?.location.range.start.line == 2)
            #expect(diagnostic.relatedInformation?.first?.location.range.end.line == 3)
            #expect(diagnostic.data?["byteStart"] == 15)
            #expect(diagnostic.data?["code"] == "missing-column")
        } else {
            #expect(diagnostic.relatedInformation == nil)
            #expect(diagnostic.data == nil)
        }
        #expect(diagnostic.codeDescription == nil)
        #expect(try await client.shutdownAndExit() == 0)
    }

    /// The fixture text without `⟦ ⟧` and the UTF-8 byte range they marked.
    static func strippingRangeMarkers(_ fixture: String) -> (String, Range<Int>)? {
        guard let open = fixture.range(of: "⟦"), let close = fixture.range(of: "⟧") else { return nil }
        let before = fixture[..<open.lowerBound]
        let inside = fixture[open.upperBound..<close.lowerBound]
        let after = fixture[close.upperBound...]
        let start = before.utf8.count
        return (String(before) + inside + after, start..<(start + inside.utf8.count))
    }
}
