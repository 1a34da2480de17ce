import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealRepair

/// Code actions for the findings on a migration file: a `schema-drift` warning offers the repair
/// step that applies the declaration to the database ("Create table orders in data/app.db, as
/// declared here"), an `unused-table` note the step that archives the table. Each action runs
/// `sqlheal.repairSchema` with exactly that step, confirmed by choosing the action, whose title
/// names the effect; the repair still refuses a type change that would alter a stored value.
///
/// Works from what was last published for the file (``LanguageServer/publishedRepairableFindings(of:)``),
/// so the positions are those of the diagnostics the client shows.
struct SchemaRepairActions {
    let server: LanguageServer
    let uri: DocumentURI
    let published: PublishedFindings

    func actions(for request: CodeActionRequest) -> [CodeActionOrCommand] {
        if let only = request.context.only, !only.contains(where: { CodeActionKind.quickFix.isContained(in: $0) }) {
            return []
        }
        var actions: [CodeAction] = []
        for (finding, diagnostic) in findingsInScope(of: request) {
            for case .repairStep(let identifier, let title) in finding.fixHints {
                // Ids the planner would refuse (a declared type it cannot write) are not offered.
                guard RepairStepID(identifier) != nil, !actions.contains(where: { $0.title == title }) else { continue }
                var action = CodeAction(title: title, kind: .quickFix, diagnostics: [diagnostic])
                if server.clientCapabilities.supportsCodeActionIsPreferred, finding.code == .schemaDrift { action.isPreferred = true }
                action.command = CodeActionBuilder.repairStepCommand(title: title, stepIdentifier: identifier, documentURI: uri, server: server)
                actions.append(action)
            }
        }
        if !server.clientCapabilities.supportsCodeActionLiterals {
            return actions.compactMap { $0.command.map(CodeActionOrCommand.command) }
        }
        return actions.map(CodeActionOrCommand.codeAction)
    }

    /// The findings named by `context.diagnostics` (by `data`, else by code and range) and those
    /// overlapping the requested range, each with its diagnostic.
    private func findingsInScope(of request: CodeActionRequest) -> [(Finding, Diagnostic)] {
        let findings = published.findings
        var result: [(Finding, Diagnostic)] = []
        var taken: Set<Int> = []
        for diagnostic in request.context.diagnostics where diagnostic.source == nil || diagnostic.source == "sqlheal" {
            let code: String? = if case .string(let code)? = diagnostic.code { code } else { nil }
            let index: Int?
            if let data = diagnostic.data, let start = data["byteStart"]?.intValue, let end = data["byteEnd"]?.intValue {
                index = findings.firstIndex { $0.range == start..<end && $0.code.rawValue == (data["code"]?.stringValue ?? code) }
            } else {
                let range = server.byteRange(of: diagnostic.range, in: published.lineIndex)
                index = findings.firstIndex { $0.range == range && (code == nil || $0.code.rawValue == code) }
            }
            if let index, taken.insert(index).inserted { result.append((findings[index], diagnostic)) }
        }
        let requested = server.byteRange(of: request.range, in: published.lineIndex)
        for (index, finding) in findings.enumerated() where !taken.contains(index) && CodeActionBuilder.overlaps(finding.range, requested) {
            result.append((finding, server.diagnostic(for: finding, lineIndex: published.lineIndex, documentURI: uri)))
        }
        return result
    }
}
