import Foundation
import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP

/// Quick fixes, fix-all and their commands, on top of the analysis core's ``CodeFixProvider``:
///
/// - `textDocument/codeAction`: one action per fix of each finding in the range (or named by
///   `context.diagnostics`), attached to its diagnostic; an action reached from two findings (the
///   seed's `type-mismatch` and `raw-interpolation` on the same `${parseInt(x)}`) is sent once,
///   with both diagnostics. Code edits are `quickfix` actions with an `edit` (computed in
///   `codeAction/resolve` when the client resolves `edit` lazily); schema changes are `quickfix`
///   actions whose `command` runs `sqlheal.repairSchema` for that one step, built and judged by
///   ``RepairConsent`` (the one owner of who asks before a repair writes).
///   `source.fixAll.sqlheal` is listed only when `context.only` asks for it (`source`,
///   `source.fixAll` or itself): Neovim lists `source.*` actions only then, VS Code asks on save.
/// - Migration files (documents the core does not analyse): `schema-drift` and `unused-table`
///   findings offer the one repair step that resolves each (``SchemaRepairActions``).
/// - Clients without `Diagnostic.data` (Neovim 0.7): findings are found again in the current
///   analysis by code and range.
/// - Clients without code action literals get `Command`s: `sqlheal.applyCodeFix` (this
///   feature's own) and `sqlheal.repairSchema`.
/// - `sqlheal.fixAll` `[{ "uri" }]`: applies every safe fix of the document (open, or read from
///   disk when it is not) through `workspace/applyEdit`; returns `{ "applied": bool, "fixes": n }`.
///
/// Every edit goes out as `changes` unless the client advertises `documentChanges`.
public final class CodeActionFeature: ServerFeature {
    public let name = "fixes"

    public static let fixAllCommand = "sqlheal.fixAll"
    public static let applyCodeFixCommand = "sqlheal.applyCodeFix"
    public static let repairSchemaCommand = RepairFeature.repairSchemaCommand
    public static let fixAllTitle = "Fix all sqlheal issues in this file"

    public init() {}

    public func register(with registry: ServerHandlerRegistry) {
        registry.onRequest(CodeActionRequest.self) { request, reply, server in
            // Wait for the analysis of the text the client shows, then compute off the queue:
            // fix-all re-analyses the text it fixes.
            server.withCurrentAnalysis(of: request.textDocument.uri) { document in
                Task {
                    if document?.language == nil, !reply.isCancelled,
                        let published = server.publishedRepairableFindings(of: request.textDocument.uri)
                    {
                        // A migration file: its schema findings are fixed by repair steps.
                        reply.succeed(SchemaRepairActions(server: server, uri: request.textDocument.uri, published: published).actions(for: request))
                        return
                    }
                    guard let document, let analysis = document.analysis, !reply.isCancelled else {
                        reply.succeed(nil)
                        return
                    }
                    let builder = CodeActionBuilder(server: server, document: document, analysis: analysis)
                    reply.succeed(builder.actions(for: request))
                }
            }
        }
        registry.onAsyncRequest(CodeActionResolveRequest.self) { request, server in
            try await Self.resolve(request.codeAction, server: server)
        }
        registry.onCommand(Self.fixAllCommand) { arguments, server in
            guard let uri = arguments.first?["uri"]?.stringValue else {
                throw ResponseError.invalidParams("sqlheal.fixAll expects [{ \"uri\": string }]")
            }
            return try await Self.applyFixAll(uri: uri, server: server)
        }
        registry.onCommand(Self.applyCodeFixCommand) { arguments, server in
            guard let payload = arguments.first, let reference = FixReference(payload) else {
                throw ResponseError.invalidParams("sqlheal.applyCodeFix expects the data of a code action")
            }
            return try await Self.applyFix(reference, server: server)
        }
    }

    public func contributeCapabilities(_ capabilities: inout ServerCapabilities, for params: InitializeRequest) {
        capabilities.addCodeActionKinds([.quickFix, .sourceFixAllSQLHeal], resolveProvider: true)
    }

    // MARK: - Resolve

    static func resolve(_ action: CodeAction, server: LanguageServer) async throws -> CodeAction {
        guard action.edit == nil, let data = action.data, let reference = FixReference(data) else { return action }
        guard let document = await server.currentAnalysis(of: reference.uri), let analysis = document.analysis else {
            throw ResponseError(code: .contentModified, message: "\(reference.uri) is not open any more")
        }
        let builder = CodeActionBuilder(server: server, document: document, analysis: analysis)
        guard let edit = builder.workspaceEdit(for: reference) else {
            throw ResponseError(code: .contentModified, message: "the document changed and \"\(action.title)\" no longer applies; ask for code actions again")
        }
        var resolved = action
        resolved.edit = edit
        return resolved
    }

    // MARK: - Commands

    static func applyFixAll(uri: DocumentURI, server: LanguageServer) async throws -> JSONValue {
        let edit: WorkspaceEdit?
        let count: Int
        if server.document(uri) != nil {
            guard let document = await server.currentAnalysis(of: uri), let analysis = document.analysis else {
                throw ResponseError.invalidParams("\(uri) is not a JavaScript/TypeScript document")
            }
            (edit, count) = CodeActionBuilder(server: server, document: document, analysis: analysis).fixAllEdit()
        } else {
            (edit, count) = try fixAllEditOfClosedFile(uri: uri, server: server)
        }
        guard let edit, count > 0 else { return ["applied": false, "fixes": 0] }
        let applied = try await apply(edit, label: "sqlheal: fix all", server: server)
        return ["applied": .bool(applied), "fixes": .int(applied ? count : 0)]
    }

    /// Fix-all of a file the client has not opened: read from disk, edited without a version.
    static func fixAllEditOfClosedFile(uri: DocumentURI, server: LanguageServer) throws -> (WorkspaceEdit?, Int) {
        guard let path = FileURI.path(fromURI: uri), let language = SourceLanguage(fileName: path),
            let data = FileManager.default.contents(atPath: path)
        else {
            throw ResponseError.invalidParams("\(uri) is not a readable JavaScript/TypeScript file")
        }
        let text = [UInt8](data)
        let analyzer = server.analyzer(forDocument: uri)
        let modules = server.moduleContext(forPath: path)
        let outcome = FixAll.applySafeFixes(to: text, schema: analyzer.schema) {
            analyzer.analyze($0, language: language, path: path, modules: modules)
        }
        guard outcome.changed else { return (nil, 0) }
        let lineIndex = LineIndex(utf8: text)
        let edits = TextDifference(old: text, new: outcome.fixedText).textEdits().map { edit in
            SQLHealLSP.TextEdit(range: server.lspRange(of: edit.range, in: lineIndex), newText: edit.newText)
        }
        let edit = WorkspaceEdit(
            edits: [(OptionalVersionedTextDocumentIdentifier(uri: uri, version: nil), edits)],
            useDocumentChanges: server.clientCapabilities.supportsDocumentChanges)
        return (edit, outcome.appliedFixes.count)
    }

    static func applyFix(_ reference: FixReference, server: LanguageServer) async throws -> JSONValue {
        guard let document = await server.currentAnalysis(of: reference.uri), let analysis = document.analysis else {
            throw ResponseError.invalidParams("\(reference.uri) is not an open JavaScript/TypeScript document")
        }
        let builder = CodeActionBuilder(server: server, document: document, analysis: analysis)
        guard let edit = builder.workspaceEdit(for: reference) else {
            throw ResponseError(code: .contentModified, message: "the document changed and the fix no longer applies")
        }
        let applied = try await apply(edit, label: reference.title ?? "sqlheal fix", server: server)
        return ["applied": .bool(applied)]
    }

    private static func apply(_ edit: WorkspaceEdit, label: String, server: LanguageServer) async throws -> Bool {
        guard server.clientCapabilities.supportsApplyEdit else {
            throw ResponseError(code: .requestFailed, message: "the client does not accept workspace/applyEdit")
        }
        let answer = try await server.sendRequest(ApplyWorkspaceEditRequest(label: label, edit: edit))
        return answer.applied
    }
}

/// What a lazily resolved action (or `sqlheal.applyCodeFix`) carries to find its fix again:
/// the finding (code and byte range at `version`) and the fix's title; or, for fix-all, only the
/// document.
struct FixReference: Hashable {
    var uri: DocumentURI
    var version: Int?
    var isFixAll: Bool
    var code: String?
    var byteRange: ByteRange?
    var title: String?

    init(uri: DocumentURI, version: Int?, fixAll: Bool = false, code: String? = nil, byteRange: ByteRange? = nil, title: String? = nil) {
        self.uri = uri
        self.version = version
        self.isFixAll = fixAll
        self.code = code
        self.byteRange = byteRange
        self.title = title
    }

    init?(_ json: JSONValue) {
        guard json["sqlheal"]?.stringValue == "fix" || json["sqlheal"]?.stringValue == "fixAll",
            let uri = json["uri"]?.stringValue
        else { return nil }
        self.uri = uri
        self.version = json["version"]?.intValue
        self.isFixAll = json["sqlheal"]?.stringValue == "fixAll"
        self.code = json["code"]?.stringValue
        self.title = json["title"]?.stringValue
        if let start = json["byteStart"]?.intValue, let end = json["byteEnd"]?.intValue, start >= 0, start <= end {
            self.byteRange = start..<end
        } else {
            self.byteRange = nil
        }
        if !isFixAll, code == nil || byteRange == nil || title == nil { return nil }
    }

    var json: JSONValue {
        var object: [String: JSONValue] = ["sqlheal": .string(isFixAll ? "fixAll" : "fix"), "uri": .string(uri)]
        if let version { object["version"] = .int(version) }
        if let code { object["code"] = .string(code) }
        if let byteRange {
            object["byteStart"] = .int(byteRange.lowerBound)
            object["byteEnd"] = .int(byteRange.upperBound)
        }
        if let title { object["title"] = .string(title) }
        return .object(object)
    }
}
