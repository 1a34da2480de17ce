import Foundation
import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP
@testable import SQLHealServer
import Testing

/// Incremental sync, checked through the server's document store after each version's
/// (empty, until the checker lands) diagnostics are published.
@Suite("Document sync")
struct DocumentSyncTests {
    struct EditCase: CustomTestStringConvertible, Sendable {
        var name: String
        var encoding: String
        var initialText: String
        /// (startLine, startCharacter, endLine, endCharacter) or nil for a full replacement; new text.
        var changes: [(range: (Int, Int, Int, Int)?, text: String)]
        var expectedText: String
        var testDescription: String { "\(name) (\(encoding))" }
    }

    static let editCases: [EditCase] = [
        EditCase(name: "insert in ASCII", encoding: "utf-16", initialText: "SELECT * FROM users",
                 changes: [((0, 14, 0, 14), "main.")], expectedText: "SELECT * FROM main.users"),
        EditCase(name: "after an emoji, UTF-16 counts 2", encoding: "utf-16", initialText: "a😀b",
                 changes: [((0, 3, 0, 4), "X")], expectedText: "a😀X"),
        EditCase(name: "after an emoji, UTF-8 counts 4", encoding: "utf-8", initialText: "a😀b",
                 changes: [((0, 5, 0, 6), "X")], expectedText: "a😀X"),
        EditCase(name: "after an emoji, UTF-32 counts 1", encoding: "utf-32", initialText: "a😀b",
                 changes: [((0, 2, 0, 3), "X")], expectedText: "a😀X"),
        EditCase(name: "accented text", encoding: "utf-16", initialText: "é = 'ü'",
                 changes: [((0, 5, 0, 6), "ö")], expectedText: "é = 'ö'"),
        EditCase(name: "CRLF line ends", encoding: "utf-16", initialText: "one\r\ntwo\r\nthree",
                 changes: [((1, 0, 1, 3), "2")], expectedText: "one\r\n2\r\nthree"),
        EditCase(name: "changes apply in order", encoding: "utf-16", initialText: "abc",
                 changes: [((0, 3, 0, 3), "\nline"), ((1, 4, 1, 4), "2"), ((0, 0, 0, 1), "A")], expectedText: "Abc\nline2"),
        EditCase(name: "no range replaces everything", encoding: "utf-16", initialText: "old text",
                 changes: [(nil, "new"), ((0, 3, 0, 3), "er")], expectedText: "newer"),
        EditCase(name: "line past the end is clamped to the end", encoding: "utf-16", initialText: "ab\ncd",
                 changes: [((99, 0, 99, 5), "!")], expectedText: "ab\ncd!"),
        EditCase(name: "character past the line end is clamped", encoding: "utf-16", initialText: "ab\ncd",
                 changes: [((0, 50, 0, 60), "!")], expectedText: "ab!\ncd"),
        EditCase(name: "inverted range becomes an insertion", encoding: "utf-16", initialText: "abcd",
                 changes: [((0, 3, 0, 1), "-")], expectedText: "abc-d"),
        EditCase(name: "half of a surrogate pair resolves to the character start", encoding: "utf-16", initialText: "x😀y",
                 changes: [((0, 2, 0, 2), "|")], expectedText: "x|😀y"),
        EditCase(name: "delete across lines", encoding: "utf-16", initialText: "one\ntwo\nthree",
                 changes: [((0, 2, 2, 1), "")], expectedText: "onhree"),
    ]

    @Test(arguments: editCases)
    func incrementalEdits(_ testCase: EditCase) async throws {
        let client = InProcessTestClient()
        try await client.initialize(capabilities: ["general": ["positionEncodings": [.string(testCase.encoding)]]])
        let uri = "file:///project/src/edit.js"
        client.open(uri: uri, text: testCase.initialText)
        _ = try await client.waitForDiagnostics(uri: uri, version: 1)
        client.change(uri: uri, version: 2, testCase.changes.map { change in
            TextDocumentContentChangeEvent(
                range: change.range.map { LSPRange(start: Position(line: $0.0, character: $0.1), end: Position(line: $0.2, character: $0.3)) },
                text: change.text)
        })
        _ = try await client.waitForDiagnostics(uri: uri, version: 2)
        #expect(client.server.document(uri)?.textString == testCase.expectedText)
        #expect(client.server.document(uri)?.version == 2)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func rapidChangesNeverPublishAStaleVersion() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        let uri = "file:///project/src/rapid.ts"
        let line = "const rows = db.all(`SELECT id, name FROM users WHERE id = ${id}`);\n"
        client.open(uri: uri, text: String(repeating: line, count: 400), languageID: "typescript")
        let lastVersion = 60
        for version in 2...lastVersion {
            client.change(uri: uri, version: version, [TextDocumentContentChangeEvent(
                range: LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)), text: "x")])
        }
        var published: [Int] = []
        while published.last != lastVersion {
            let notification = try await client.waitForDiagnostics(uri: uri)
            published.append(notification.version ?? -1)
        }
        #expect(published == published.sorted(), "versions published out of order: \(published)")
        #expect(Set(published).count == published.count, "a version was published twice: \(published)")
        #expect(client.server.document(uri)?.text.count == line.utf8.count * 400 + lastVersion - 1)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func closeClearsDiagnosticsAndForgetsTheDocument() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        let uri = "file:///project/src/closing.jsx"
        client.open(uri: uri, text: "db.get('SELECT 1')", languageID: "javascriptreact")
        _ = try await client.waitForDiagnostics(uri: uri, version: 1)
        client.notify(DidCloseTextDocumentNotification(textDocument: TextDocumentIdentifier(uri: uri)))
        let cleared = try await client.waitForDiagnostics(uri: uri)
        #expect(cleared.diagnostics.isEmpty)
        #expect(cleared.version == nil)
        #expect(client.server.document(uri) == nil)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func nonJavaScriptDocumentsAreKeptButNotAnalysed() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        let uri = "file:///project/migrations/001_init.sql"
        client.open(uri: uri, text: "CREATE TABLE t (id INTEGER);", languageID: "sql")
        try await client.barrier()
        let document = await client.server.currentAnalysis(of: uri)
        #expect(document?.language == nil)
        #expect(document?.textString == "CREATE TABLE t (id INTEGER);")
        #expect(document?.analysis == nil)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func currentAnalysisGivesTheAnalysedSnapshotOrNil() async throws {
        let client = InProcessTestClient()
        try await client.initialize()
        let uri = "file:///project/src/wait.js"
        client.open(uri: uri, text: "a")
        client.change(uri: uri, version: 2, [TextDocumentContentChangeEvent(text: "b")])
        _ = try await client.waitForDiagnostics(uri: uri, version: 2)
        let snapshot = await client.server.currentAnalysis(of: uri)
        #expect(snapshot?.version == 2)
        #expect(snapshot?.textString == "b")
        #expect(snapshot?.analysis != nil)
        #expect(await client.server.currentAnalysis(of: "file:///project/src/never-opened.js") == nil)
        #expect(try await client.shutdownAndExit() == 0)
    }
}
