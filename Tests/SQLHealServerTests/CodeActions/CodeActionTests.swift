import Foundation
import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP
@testable import SQLHealServer
import Testing

/// Code actions over the wire: the seed's quick fix, resolve, fix-all, commands, and clients
/// with fewer capabilities (no `data`, no resolve, no `documentChanges`, no literals).
@Suite("Code actions")
struct CodeActionTests {
    static let uri = "file:///project/src/sessions.js"
    static let seedText = """
        import { db } from './db.js';
        export async function sessionsForUser(userId) {
          return db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);
        }
        export async function sessionById(sessionId) {
          return db.get('SELECT id, user_id FROM sessions WHERE id = ' + sessionId);
        }

        """
    static let seedFixed = """
        import { db } from './db.js';
        export async function sessionsForUser(userId) {
          return db.all(`SELECT * FROM sessions WHERE user_id = ?`, [userId]);
        }
        export async function sessionById(sessionId) {
          return db.get('SELECT id, user_id FROM sessions WHERE id = ' + sessionId);
        }

        """
    static let allFixed = """
        import { db } from './db.js';
        export async function sessionsForUser(userId) {
          return db.all(`SELECT * FROM sessions WHERE user_id = ?`, [userId]);
        }
        export async function sessionById(sessionId) {
          return db.get('SELECT id, user_id FROM sessions WHERE id = ?', [sessionId]);
        }

        """
    static let seedTitle = "Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT"
    /// `parseInt(userId)` on line 2.
    static let seedRange = LSPRange(start: Position(line: 2, character: 58), end: Position(line: 2, character: 74))

    static let schema: SchemaContext = {
        let checked = (try? SchemaSnapshot(replayingDDL: "CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id TEXT, token TEXT);")) ?? .empty
        let declared = (try? SchemaSnapshot(replayingDDL: "CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id INTEGER, token TEXT);")) ?? .empty
        return SchemaContext(checkedSchema: checked, declaredSchema: declared, databaseDisplayName: "data/app.db")
    }()

    /// A client with `capabilities`, the seed document open and its diagnostics received.
    static func start(capabilities: JSONValue = InProcessTestClient.fullCapabilities) async throws -> (InProcessTestClient, [Diagnostic]) {
        let client = InProcessTestClient(features: [CodeActionFeature()])
        client.server.setAnalyzer(DocumentAnalyzer(schema: schema), forWorkspaceFolder: nil)
        try await client.initialize(capabilities: capabilities)
        client.open(uri: uri, text: seedText)
        var published = try await client.waitForDiagnostics(uri: uri, version: 1)
        // The first publication may precede the analyzer swap's re-analysis: wait for findings.
        while published.diagnostics.isEmpty { published = try await client.waitForDiagnostics(uri: uri, version: 1) }
        return (client, published.diagnostics)
    }

    static func codeActions(_ client: InProcessTestClient, range: LSPRange = seedRange, diagnostics: [Diagnostic], only: [CodeActionKind]? = nil) async throws -> [CodeActionOrCommand] {
        let request = CodeActionRequest(
            textDocument: TextDocumentIdentifier(uri: uri), range: range,
            context: CodeActionContext(diagnostics: diagnostics.filter { $0.range.start.line == range.start.line }, only: only, triggerKind: .invoked))
        return try await client.request(request) ?? []
    }

    /// Applies an LSP workspace edit (UTF-16 positions) to `text`.
    static func apply(_ edit: WorkspaceEdit, to text: String) throws -> String {
        var textEdits: [SQLHealLSP.TextEdit] = edit.changes?[uri] ?? []
        for change in edit.documentChanges ?? [] {
            if case .textDocumentEdit(let documentEdit) = change, documentEdit.textDocument.uri == uri { textEdits += documentEdit.edits }
        }
        let bytes = Array(text.utf8)
        let index = LineIndex(utf8: bytes)
        let edits = textEdits.map { edit in
            ByteRangeEdit(
                range: index.offset(of: TextPosition(line: edit.range.start.line, column: edit.range.start.character), in: .utf16)
                    ..< index.offset(of: TextPosition(line: edit.range.end.line, column: edit.range.end.character), in: .utf16),
                newText: edit.newText)
        }
        let result = try #require(TextEditApplication.apply(edits, to: bytes))
        return String(decoding: result, as: UTF8.self)
    }

    static func literals(_ actions: [CodeActionOrCommand]) -> [CodeAction] {
        actions.compactMap { if case .codeAction(let action) = $0 { action } else { nil } }
    }

    @Test func capabilitiesAreAdvertised() async throws {
        let client = InProcessTestClient(features: [CodeActionFeature()])
        let result = try await client.initialize()
        #expect(result["capabilities"]?["codeActionProvider"]?["codeActionKinds"] == ["quickfix", "source.fixAll.sqlheal"])
        #expect(result["capabilities"]?["codeActionProvider"]?["resolveProvider"] == true)
        let commands = result["capabilities"]?["executeCommandProvider"]?["commands"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(commands.contains("sqlheal.fixAll") && commands.contains("sqlheal.applyCodeFix"))
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func theSeedsFixIsOneLazyActionOnBothDiagnosticsAndResolvesToTheEdit() async throws {
        let (client, diagnostics) = try await Self.start()
        let actions = Self.literals(try await Self.codeActions(client, diagnostics: diagnostics))
        #expect(actions.filter { $0.title.contains("Remove parseInt()") }.count == 1)
        let fix = try #require(actions.first)
        #expect(fix.title == Self.seedTitle)
        #expect(fix.kind == .quickFix && fix.isPreferred == true)
        #expect(Set(fix.diagnostics?.compactMap { if case .string(let code) = $0.code { code } else { nil } } ?? []) == ["type-mismatch", "raw-interpolation"])
        #expect(fix.edit == nil && fix.data != nil)
        // The schema alternative runs exactly one repair step.
        let repair = try #require(actions.first { $0.command?.command == "sqlheal.repairSchema" })
        #expect(repair.title == "Change column sessions.user_id from TEXT to INTEGER (rebuilds table sessions after a backup)")
        #expect(repair.command?.arguments == [["only": ["change-column-type:sessions.user_id:INTEGER"], "origin": "codeAction"]])
        // No source action unless asked for.
        #expect(!actions.contains { $0.kind == .sourceFixAllSQLHeal })

        let resolved = try await client.request(CodeActionResolveRequest(codeAction: fix))
        let edit = try #require(resolved.edit)
        #expect(edit.changes == nil)  // the client supports documentChanges
        #expect(try Self.apply(edit, to: Self.seedText) == Self.seedFixed)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func aClientWithoutDataResolveOrDocumentChangesGetsEagerChanges() async throws {
        // Neovim 0.7: literals, but no Diagnostic.data, no resolve, no documentChanges.
        let capabilities: JSONValue = [
            "textDocument": [
                "publishDiagnostics": ["relatedInformation": true],
                "codeAction": ["codeActionLiteralSupport": ["codeActionKind": ["valueSet": ["quickfix", "source"]]]],
            ],
            "workspace": ["applyEdit": true],
        ]
        let (client, diagnostics) = try await Self.start(capabilities: capabilities)
        #expect(diagnostics.allSatisfy { $0.data == nil })
        let actions = Self.literals(try await Self.codeActions(client, diagnostics: diagnostics))
        let fix = try #require(actions.first { $0.title == Self.seedTitle })
        #expect(fix.isPreferred == nil && fix.data == nil)
        let edit = try #require(fix.edit)
        #expect(edit.documentChanges == nil)
        #expect(try Self.apply(edit, to: Self.seedText) == Self.seedFixed)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func aCursorWithoutDiagnosticsStillFindsTheFix() async throws {
        let (client, _) = try await Self.start()
        let cursor = LSPRange(start: Position(line: 5, character: 70), end: Position(line: 5, character: 70))
        let actions = Self.literals(try await Self.codeActions(client, range: cursor, diagnostics: []))
        #expect(actions.map(\.title) == ["Bind sessionId as a parameter instead of splicing it into the SQL"])
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test(arguments: [[CodeActionKind.source], [.sourceFixAll], [.sourceFixAllSQLHeal]])
    func fixAllIsListedWhenAskedForAndResolves(only: [CodeActionKind]) async throws {
        let (client, diagnostics) = try await Self.start()
        let actions = Self.literals(try await Self.codeActions(client, diagnostics: diagnostics, only: only))
        #expect(actions.map(\.title) == [CodeActionFeature.fixAllTitle])
        let fixAll = try #require(actions.first)
        #expect(fixAll.kind == .sourceFixAllSQLHeal)
        let resolved = try await client.request(CodeActionResolveRequest(codeAction: fixAll))
        #expect(try Self.apply(try #require(resolved.edit), to: Self.seedText) == Self.allFixed)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func onlyQuickFixesLeavesOutFixAll() async throws {
        let (client, diagnostics) = try await Self.start()
        let actions = Self.literals(try await Self.codeActions(client, diagnostics: diagnostics, only: [.quickFix]))
        #expect(!actions.isEmpty && actions.allSatisfy { $0.kind == .quickFix })
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func theFixAllCommandAppliesThroughApplyEdit() async throws {
        let (client, _) = try await Self.start()
        client.serverRequestResponder.withLock { $0 = { method, _ in
            method == ApplyWorkspaceEditRequest.method ? .success(["applied": true]) : .success(.null)
        } }
        let result = try await client.request(method: ExecuteCommandRequest.method, params: ["command": "sqlheal.fixAll", "arguments": [["uri": .string(Self.uri)]]]).get()
        #expect(result == ["applied": true, "fixes": 2])
        let request = try #require(client.serverRequests.last { $0.method == ApplyWorkspaceEditRequest.method })
        let applyEdit = try JSONValueCoding.decode(ApplyWorkspaceEditRequest.self, from: request.params)
        #expect(try Self.apply(applyEdit.edit, to: Self.seedText) == Self.allFixed)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func aClientWithoutLiteralsGetsCommands() async throws {
        let capabilities: JSONValue = ["workspace": ["applyEdit": true]]
        let (client, diagnostics) = try await Self.start(capabilities: capabilities)
        let answer = try await Self.codeActions(client, diagnostics: diagnostics)
        let commands = answer.compactMap { if case .command(let command) = $0 { command } else { nil } }
        #expect(commands.count == answer.count)
        let fix = try #require(commands.first { $0.title == Self.seedTitle })
        #expect(fix.command == "sqlheal.applyCodeFix")
        client.serverRequestResponder.withLock { $0 = { method, _ in
            method == ApplyWorkspaceEditRequest.method ? .success(["applied": true]) : .success(.null)
        } }
        let result = try await client.request(method: ExecuteCommandRequest.method, params: ["command": .string(fix.command), "arguments": .array(fix.arguments ?? [])]).get()
        #expect(result == ["applied": true])
        let request = try #require(client.serverRequests.last { $0.method == ApplyWorkspaceEditRequest.method })
        let applyEdit = try JSONValueCoding.decode(ApplyWorkspaceEditRequest.self, from: request.params)
        #expect(try Self.apply(applyEdit.edit, to: Self.seedText) == Self.seedFixed)
        #expect(try await client.shutdownAndExit() == 0)
    }

    @Test func resolvingAfterTheTextChangedFindsTheFixAgainOrSaysSo() async throws {
        let (client, diagnostics) = try await Self.start()
        let fix = try #require(Self.literals(try await Self.codeActions(client, diagnostics: diagnostics)).first { $0.title == Self.seedTitle })
        // A line inserted above: the finding moved, the same fix is found by title.
        client.change(uri: Self.uri, version: 2, [TextDocumentContentChangeEvent(range: LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)), text: "// hello\n")])
        let resolved = try await client.request(CodeActionResolveRequest(codeAction: fix))
        #expect(try Self.apply(try #require(resolved.edit), to: "// hello\n" + Self.seedText) == "// hello\n" + Self.seedFixed)
        // The seed fixed by hand: the fix is gone, and resolve says the content changed.
        client.change(uri: Self.uri, version: 3, [TextDocumentContentChangeEvent(text: Self.seedFixed)])
        let answer = try await client.request(method: CodeActionResolveRequest.method, params: JSONValueCoding.encode(fix))
        guard case .failure(let error) = answer else {
            Issue.record("resolve of a vanished fix succeeded: \(answer)")
            return
        }
        #expect(error.code == .contentModified)
        #expect(try await client.shutdownAndExit() == 0)
    }
}

@Suite("Code actions on files that are not open")
struct ClosedFileFixAllTests {
    @Test func theFixAllCommandReadsAFileThatIsNotOpen() async throws {
        let folder = NSTemporaryDirectory() + "sqlheal-fixall-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sessions.js"
        try CodeActionTests.seedText.write(toFile: path, atomically: true, encoding: .utf8)
        let uri = FileURI.uri(fromPath: path)

        let client = InProcessTestClient(features: [CodeActionFeature()])
        client.server.setAnalyzer(DocumentAnalyzer(schema: CodeActionTests.schema), forWorkspaceFolder: nil)
        try await client.initialize(capabilities: ["workspace": ["applyEdit": true]])
        client.serverRequestResponder.withLock { $0 = { method, _ in
            method == ApplyWorkspaceEditRequest.method ? .success(["applied": true]) : .success(.null)
        } }
        let result = try await client.request(method: ExecuteCommandRequest.method, params: ["command": "sqlheal.fixAll", "arguments": [["uri": .string(uri)]]]).get()
        #expect(result == ["applied": true, "fixes": 2])
        let request = try #require(client.serverRequests.last { $0.method == ApplyWorkspaceEditRequest.method })
        let edit = try JSONValueCoding.decode(ApplyWorkspaceEditRequest.self, from: request.params).edit
        let edits = try #require(edit.changes?[uri])
        var renamed = WorkspaceEdit(changes: [CodeActionTests.uri: edits])
        renamed.documentChanges = nil
        #expect(try CodeActionTests.apply(renamed, to: CodeActionTests.seedText) == CodeActionTests.allFixed)
        #expect(try await client.shutdownAndExit() == 0)
    }
}
