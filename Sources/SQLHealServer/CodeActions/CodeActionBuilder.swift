import Foundation
import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP

/// Computes the code actions of one document snapshot (its text and the analysis of exactly
/// that text), in the client's terms: positions in the negotiated encoding, `changes` or
/// `documentChanges`, literals or bare commands, eager or lazy edits.
struct CodeActionBuilder {
    let server: LanguageServer
    let document: OpenDocument
    let analysis: DocumentAnalysis
    let capabilities: ClientCapabilities
    let provider = CodeFixProvider()

    init(server: LanguageServer, document: OpenDocument, analysis: DocumentAnalysis) {
        self.server = server
        self.document = document
        self.analysis = analysis
        self.capabilities = server.clientCapabilities
    }

    private var schema: SchemaContext { server.analyzer(forDocument: document.uri).schema }

    private var fixContext: CodeFixContext {
        CodeFixContext(text: document.text, analysis: analysis, schema: schema)
    }

    /// Edits are computed in `codeAction/resolve` only when the client resolves `edit` and keeps `data`.
    private var resolvesEditsLazily: Bool {
        capabilities.supportsCodeActionLiterals && capabilities.supportsCodeActionData
            && capabilities.codeActionResolvableProperties.contains("edit")
    }

    // MARK: - textDocument/codeAction

    func actions(for request: CodeActionRequest) -> [CodeActionOrCommand] {
        let only = request.context.only
        let wantsQuickFixes = only.map { kinds in kinds.contains { CodeActionKind.quickFix.isContained(in: $0) } } ?? true
        // Source actions only when asked for by kind (Neovim's rule; VS Code asks on save).
        let wantsFixAll = only.map { kinds in kinds.contains { kind in !kind.rawValue.isEmpty && CodeActionKind.sourceFixAllSQLHeal.isContained(in: kind) } } ?? false

        var actions: [CodeAction] = []
        if wantsQuickFixes {
            for (finding, diagnostic) in findingsInScope(of: request) {
                for fix in provider.fixes(for: finding, in: fixContext) {
                    let action = codeAction(for: fix, finding: finding, diagnostic: diagnostic)
                    // The same fix reached from two findings is one action with both diagnostics.
                    if let index = actions.firstIndex(where: { $0.title == action.title && $0.kind == action.kind && sameEffect($0, action) }) {
                        var merged = actions[index]
                        if !(merged.diagnostics ?? []).contains(diagnostic) {
                            merged.diagnostics = (merged.diagnostics ?? []) + [diagnostic]
                        }
                        actions[index] = merged
                    } else {
                        actions.append(action)
                    }
                }
            }
            // The preferred fixes first, then in finding order.
            actions = actions.enumerated().sorted { lhs, rhs in
                let left = lhs.element.isPreferred == true ? 0 : 1
                let right = rhs.element.isPreferred == true ? 0 : 1
                return (left, lhs.offset) < (right, rhs.offset)
            }.map(\.element)
        }
        if wantsFixAll, let fixAll = fixAllAction() {
            actions.append(fixAll)
        }
        if !capabilities.supportsCodeActionLiterals {
            return actions.compactMap { action in action.command.map(CodeActionOrCommand.command) }
        }
        return actions.map(CodeActionOrCommand.codeAction)
    }

    /// The findings the request is about, each with the client's own diagnostic object when the
    /// client sent one: those named by `context.diagnostics` (through `data`, or by code and
    /// range for clients without `data`), and the others that overlap the requested range.
    func findingsInScope(of request: CodeActionRequest) -> [(Finding, Diagnostic)] {
        Self.findingsInScope(of: request, among: analysis.findings, lineIndex: document.lineIndex,
                             documentURI: document.uri, version: document.version, server: server)
    }

    /// ``findingsInScope(of:)`` for any list of findings published for `documentURI` with
    /// positions from `lineIndex` (at `version`, when the document has one).
    static func findingsInScope(
        of request: CodeActionRequest, among findings: [Finding], lineIndex: LineIndex,
        documentURI: DocumentURI, version: Int?, server: LanguageServer
    ) -> [(Finding, Diagnostic)] {
        var result: [(Finding, Diagnostic)] = []
        var taken: Set<Int> = []
        for diagnostic in request.context.diagnostics where diagnostic.source == nil || diagnostic.source == "sqlheal" {
            if let index = findingIndex(matching: diagnostic, among: findings, lineIndex: lineIndex, version: version, server: server),
                taken.insert(index).inserted
            {
                result.append((findings[index], diagnostic))
            }
        }
        let requested = server.byteRange(of: request.range, in: lineIndex)
        for (index, finding) in findings.enumerated() where !taken.contains(index) && overlaps(finding.range, requested) {
            taken.insert(index)
            result.append((finding, server.diagnostic(for: finding, lineIndex: lineIndex, documentURI: documentURI, version: version)))
        }
        return result
    }

    /// A range touches a finding when they overlap, or when an empty range (a cursor) lies inside
    /// or at either end of it.
    static func overlaps(_ finding: ByteRange, _ requested: ByteRange) -> Bool {
        if requested.isEmpty || finding.isEmpty {
            return finding.lowerBound <= requested.upperBound && requested.lowerBound <= finding.upperBound
        }
        return finding.lowerBound < requested.upperBound && requested.lowerBound < finding.upperBound
    }

    private static func findingIndex(matching diagnostic: Diagnostic, among findings: [Finding], lineIndex: LineIndex, version: Int?, server: LanguageServer) -> Int? {
        let code: String? = {
            switch diagnostic.code {
            case .string(let code): code
            case .integer(let number): String(number)
            case nil: nil
            }
        }()
        if let data = diagnostic.data, let start = data["byteStart"]?.intValue, let end = data["byteEnd"]?.intValue,
            data["version"]?.intValue == nil || data["version"]?.intValue == version
        {
            let dataCode = data["code"]?.stringValue ?? code
            if let index = findings.firstIndex(where: { $0.range == start..<end && $0.code.rawValue == dataCode }) { return index }
        }
        // No usable `data` (Neovim 0.7, or an older version): match code and range in this text.
        let range = server.byteRange(of: diagnostic.range, in: lineIndex)
        return findings.firstIndex { $0.range == range && (code == nil || $0.code.rawValue == code) }
    }

    private func sameEffect(_ lhs: CodeAction, _ rhs: CodeAction) -> Bool {
        if lhs.edit != nil || rhs.edit != nil { return lhs.edit == rhs.edit }
        if lhs.command != nil, lhs.command == rhs.command { return true }
        // Both lazy: the same title on the same document is the same fix (titles name the value).
        return lhs.data.flatMap(FixReference.init)?.title == rhs.data.flatMap(FixReference.init)?.title
    }

    func codeAction(for fix: CodeFix, finding: Finding, diagnostic: Diagnostic) -> CodeAction {
        var action = CodeAction(title: fix.title, kind: .quickFix, diagnostics: [diagnostic])
        if capabilities.supportsCodeActionIsPreferred, fix.isPreferred { action.isPreferred = true }
        switch fix.action {
        case .repairStep(let stepIdentifier):
            action.command = RepairConsent.codeActionCommand(title: fix.title, stepIdentifier: stepIdentifier, documentURI: document.uri, server: server)
        case .textEdits(let edits):
            let reference = FixReference(
                uri: document.uri, version: document.version, code: finding.code.rawValue, byteRange: finding.range, title: fix.title)
            if !capabilities.supportsCodeActionLiterals {
                action.command = Command(title: fix.title, command: CodeActionFeature.applyCodeFixCommand, arguments: [reference.json])
            } else if resolvesEditsLazily {
                action.data = reference.json
            } else {
                action.edit = workspaceEdit(edits)
            }
        }
        return action
    }

    // MARK: - Fix all

    func fixAllAction() -> CodeAction? {
        let (edit, count) = fixAllEdit(computeEdit: !resolvesEditsLazily)
        guard count > 0 else { return nil }
        var action = CodeAction(title: CodeActionFeature.fixAllTitle, kind: .sourceFixAllSQLHeal)
        let reference = FixReference(uri: document.uri, version: document.version, fixAll: true)
        if !capabilities.supportsCodeActionLiterals {
            action.command = Command(title: CodeActionFeature.fixAllTitle, command: CodeActionFeature.fixAllCommand, arguments: [.object(["uri": .string(document.uri)])])
        } else if resolvesEditsLazily {
            action.data = reference.json
        } else {
            action.edit = edit
        }
        return action
    }

    /// Every safe fix of the document as one workspace edit (narrow edits, one per changed
    /// region), and how many fixes it holds.
    func fixAllEdit(computeEdit: Bool = true) -> (WorkspaceEdit?, Int) {
        let analyzer = server.analyzer(forDocument: document.uri)
        guard let language = document.language else { return (nil, 0) }
        let original = document.text
        let currentAnalysis = analysis
        // Later rounds read the text as the diagnostics did: with the file's path (its database,
        // migration history) and the names it imports.
        let path = FileURI.path(fromURI: document.uri)
        let modules = path.map(server.moduleContext(forPath:)) ?? .empty
        let outcome = FixAll.applySafeFixes(to: original, schema: analyzer.schema) { text in
            // The first round reuses the analysis the client's diagnostics came from.
            if text == original { return currentAnalysis }
            return path.map { analyzer.analyze(text, language: language, path: $0, modules: modules) }
                ?? analyzer.analyze(text, language: language, modules: modules)
        }
        guard outcome.changed else { return (nil, 0) }
        guard computeEdit else { return (nil, outcome.appliedFixes.count) }
        let edits = TextDifference(old: original, new: outcome.fixedText).textEdits()
        return (workspaceEdit(edits), outcome.appliedFixes.count)
    }

    // MARK: - Edits

    /// The edit for a lazily resolved action or `sqlheal.applyCodeFix`, computed on this
    /// snapshot; `nil` when the fix no longer exists.
    func workspaceEdit(for reference: FixReference) -> WorkspaceEdit? {
        if reference.isFixAll { return fixAllEdit().0 }
        guard let code = reference.code, let range = reference.byteRange, let title = reference.title else { return nil }
        let candidates: [Finding]
        if reference.version == document.version {
            candidates = analysis.findings.filter { $0.code.rawValue == code && $0.range == range }
        } else {
            // The text moved on: the same fix of a finding of the same code, by title.
            candidates = analysis.findings.filter { $0.code.rawValue == code }
        }
        for finding in candidates {
            if let fix = provider.fixes(for: finding, in: fixContext).first(where: { $0.title == title }), case .textEdits(let edits) = fix.action {
                return workspaceEdit(edits)
            }
        }
        return nil
    }

    func workspaceEdit(_ edits: [ByteRangeEdit]) -> WorkspaceEdit {
        let lspEdits = edits.map { edit in
            SQLHealLSP.TextEdit(range: server.lspRange(of: edit.range, in: document.lineIndex), newText: edit.newText)
        }
        return WorkspaceEdit(
            edits: [(OptionalVersionedTextDocumentIdentifier(uri: document.uri, version: document.version), lspEdits)],
            useDocumentChanges: capabilities.supportsDocumentChanges)
    }
}
