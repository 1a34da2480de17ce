import Foundation
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealRepair
import SQLHealWorkspace

/// Who asks the user before a repair writes, and what the question says: the one owner of these
/// rules, both ends of them (the command a code action carries, ``codeActionCommand(title:stepIdentifier:documentURI:server:)``,
/// and the ``decision`` on a `sqlheal.repairSchema` that arrives).
///
/// The rules, in order:
/// - A command that comes from a code action (`origin: "codeAction"`) is never pre-confirmed:
///   choosing an action from a menu is not consent to rebuild a table, so the server always asks,
///   whatever `confirmed` says.
/// - A database outside the project is always asked about: the question names its full path and
///   says it is outside, which an editor's own "apply 2 steps?" does not.
/// - Otherwise `confirmed: true` (an editor that has just shown the plan and asked) is the answer;
///   without it the server asks.
/// - A client that cannot ask (no `window.showMessage` capability) gets no repair where the server
///   had to ask a code action or an outside database: nothing is written and the answer says how to
///   apply from a terminal. An explicit command on such a client, for a database inside the
///   project, is itself the confirmation (scripts and minimal clients).
struct RepairConsent {
    enum Decision: Equatable {
        /// Apply without asking.
        case apply
        /// Ask with ``question`` through `window/showMessageRequest`; apply only on ``applyTitle``.
        case ask
        /// Do not apply: ``cannotAskMessage`` says why and how to apply instead.
        case refuse
    }

    static let applyTitle = "Apply"
    static let cancelTitle = "Cancel"
    /// `origin` of a code action's `sqlheal.repairSchema`: see the first rule.
    static let codeActionOrigin = "codeAction"

    /// `sqlheal.repairSchema` for exactly one step, as a code action carries it: marked with its
    /// origin and never `confirmed` (the first rule), `root` the document's project folder.
    static func codeActionCommand(title: String, stepIdentifier: String, documentURI: DocumentURI, server: LanguageServer) -> Command {
        var arguments: [String: JSONValue] = ["only": .array([.string(stepIdentifier)]), "origin": .string(codeActionOrigin)]
        // The document's project (an app inside the workspace folder has its own database).
        if let project = server.projectFolder(containing: documentURI) ?? server.workspaceFolder(containing: documentURI)?.uri {
            arguments["root"] = .string(project)
        }
        return Command(title: title, command: RepairFeature.repairSchemaCommand, arguments: [.object(arguments)])
    }

    let plan: RepairPlan
    let projectRoot: String
    let fromCodeAction: Bool
    let confirmed: Bool
    let clientCanAsk: Bool

    /// The database file, absolute and with symlinks resolved: what the repair really writes.
    var databasePath: String { Self.resolved(WorkspacePath.resolve(plan.databasePath, against: projectRoot)) }

    /// True when the database the repair writes is not under the project root (`../x.db`, an
    /// absolute path elsewhere, or a symlink inside the project that points out of it).
    var databaseIsOutsideProject: Bool {
        WorkspacePath.relative(databasePath, to: Self.resolved(projectRoot)) == nil
    }

    var decision: Decision {
        let mustAsk = fromCodeAction || databaseIsOutsideProject || !confirmed
        guard mustAsk else { return .apply }
        if clientCanAsk { return .ask }
        return fromCodeAction || databaseIsOutsideProject ? .refuse : .apply
    }

    /// The `window/showMessageRequest` text: the database's full path (and that it is outside the
    /// project when it is), every step with its effect, what is held back, and the backup.
    var question: String {
        var text = "sqlheal: apply \(plan.steps.count) schema repair step\(plan.steps.count == 1 ? "" : "s") to the database \(databasePath)"
        if databaseIsOutsideProject { text += " (OUTSIDE the project \(projectRoot))" }
        text += "? " + plan.steps.map(Self.effect).joined(separator: "; ") + "."
        if !plan.skippedSteps.isEmpty { text += " Held back: " + plan.skippedSteps.map(\.id).joined(separator: ", ") + "." }
        text += " A verified backup is made first."
        return text
    }

    /// Why nothing was applied on a client that cannot ask, and the terminal command that shows
    /// the plan and asks.
    var cannotAskMessage: String {
        let reason = databaseIsOutsideProject
            ? "the database \(databasePath) is outside the project \(projectRoot)"
            : "a code action never applies a repair unconfirmed"
        let only = " --only " + plan.steps.map { Self.shellQuoted($0.id) }.joined(separator: " ")
        return "not applied: \(reason), and this editor cannot ask for confirmation (no window/showMessageRequest). "
            + "To apply, run in a terminal: sqlheal repair --root \(Self.shellQuoted(projectRoot))\(only)"
    }

    /// One step as the user should read it: what it does to which table, and its id.
    static func effect(of step: RepairStep) -> String {
        let column = step.column.map { "\(step.table).\($0)" } ?? step.table
        let what: String
        switch step.kind {
        case .createTable: what = "create table \(step.table)"
        case .addColumn: what = "add column \(column)"
        case .changeColumnType: what = "change column \(column) to \(step.newType ?? "a new type") (rebuilds table \(step.table))"
        case .archiveTable: what = "rename table \(step.table) out of the way (rows kept)"
        }
        return "\(what) [\(step.id)]"
    }

    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    private static func shellQuoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@".contains($0) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
