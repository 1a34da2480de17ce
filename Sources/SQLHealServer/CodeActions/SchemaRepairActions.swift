import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealRepair

/// Code actions for the findings on a migration file: a `schema-drift` warning offers the repair
/// step that applies the declaration to the database ("Create table orders in data/app.db, as
/// declared here"), an `unused-table` note the step that archives the table. Each action runs
/// `sqlheal.repairSchema` with exactly that step, as a code action's command
/// (``RepairConsent/codeActionCommand(title:stepIdentifier:documentURI:server:)``, which decides who
/// asks); the repair still refuses a type change that would alter a stored value.
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
                action.command = RepairConsent.codeActionCommand(title: title, stepIdentifier: identifier, documentURI: uri, server: server)
                actions.append(action)
            }
        }
        if !server.clientCapabilities.supportsCodeActionLiterals {
            return actions.compactMap { $0.command.map(CodeActionOrCommand.command) }
        }
        return actions.map(CodeActionOrCommand.codeAction)
    }

    private func findingsInScope(of request: CodeActionRequest) -> [(Finding, Diagnostic)] {
        CodeActionBuilder.findingsInScope(of: request, among: published.findings, lineIndex: published.lineIndex,
                                          documentURI: uri, version: nil, server: server)
    }
}
