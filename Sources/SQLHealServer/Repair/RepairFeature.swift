import Foundation
import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealRepair
import SQLHealWorkspace

/// `workspace/executeCommand` for `sqlheal.repairSchema` and `sqlheal.rollback` (CONTRACT).
///
/// `sqlheal.repairSchema` `[{ dryRun?, only?, confirmed?, origin?, conversionPolicy?, root? }]` answers
/// `{ steps: [{id, kind, table, column?, sql, source}], applied, backup?, historyId? }`, plus
/// `skipped: [{id, reason}]`, `script` (the complete SQL as the CLI's dry run prints it),
/// `database` (its full path), `outsideProject` and `message`. Without `dryRun` it asks first with
/// `window/showMessageRequest` when ``RepairConsent`` says so; it reports progress, shows what
/// changed, where the backup is and how to undo, then re-checks every open document.
///
/// `sqlheal.rollback` `[{ historyId?, force?, root? }]` answers `{ restored, historyId }` plus `message`.
///
/// `root` (a path or `file://` URI) picks the project: it must be one of the workspace folders or
/// inside one (anything else is refused with invalid params), and names the project at it, the
/// project holding it, or the one project inside it; by default the first project with a
/// configured database. Always a project the server loaded (``RepairCommandHandler``).
public final class RepairFeature: ServerFeature {
    public let name = "repair"

    public init() {}

    public static let repairSchemaCommand = "sqlheal.repairSchema"
    public static let rollbackCommand = "sqlheal.rollback"

    public func register(with registry: ServerHandlerRegistry) {
        registry.onCommand(Self.repairSchemaCommand) { arguments, server in
            try await RepairCommandHandler(server: server).repairSchema(RepairSchemaArguments(arguments.first))
        }
        registry.onCommand(Self.rollbackCommand) { arguments, server in
            try await RepairCommandHandler(server: server).rollback(RollbackArguments(arguments.first))
        }
    }
}

struct RepairSchemaArguments {
    var dryRun = false
    var only: [String] = []
    var confirmed = false
    /// `origin: "codeAction"`: the command of a code action, which never carries consent.
    var fromCodeAction = false
    var conversionPolicy: ConversionPolicy = .refuse
    var root: String?

    init(_ value: JSONValue?) throws {
        guard let value, value != .null else { return }
        guard case .object(let members) = value else { throw ResponseError.invalidParams("sqlheal.repairSchema expects [{ dryRun?, only? }]") }
        if let dryRun = members["dryRun"] {
            guard case .bool(let flag) = dryRun else { throw ResponseError.invalidParams("dryRun must be a boolean") }
            self.dryRun = flag
        }
        if let confirmed = members["confirmed"] {
            guard case .bool(let flag) = confirmed else { throw ResponseError.invalidParams("confirmed must be a boolean") }
            self.confirmed = flag
        }
        if let origin = members["origin"], origin != .null {
            guard case .string(let text) = origin else { throw ResponseError.invalidParams("origin must be a string") }
            fromCodeAction = text == RepairConsent.codeActionOrigin
        }
        if let only = members["only"], only != .null {
            guard case .array(let items) = only else { throw ResponseError.invalidParams("only must be an array of step ids") }
            self.only = try items.map { item in
                guard case .string(let id) = item else { throw ResponseError.invalidParams("only must be an array of step ids") }
                return id
            }
        }
        if let policy = members["conversionPolicy"], policy != .null {
            guard case .string(let text) = policy, let parsed = ConversionPolicy(rawValue: text) else {
                throw ResponseError.invalidParams("conversionPolicy must be one of refuse, cast, null")
            }
            conversionPolicy = parsed
        }
        if case .string(let root)? = members["root"] { self.root = root }
    }
}

struct RollbackArguments {
    var historyID: String?
    var force = false
    var root: String?

    init(_ value: JSONValue?) throws {
        guard let value, value != .null else { return }
        guard case .object(let members) = value else { throw ResponseError.invalidParams("sqlheal.rollback expects [{ historyId? }]") }
        if let id = members["historyId"], id != .null {
            guard case .string(let text) = id else { throw ResponseError.invalidParams("historyId must be a string") }
            historyID = text
        }
        if case .bool(let flag)? = members["force"] { force = flag }
        if case .string(let root)? = members["root"] { self.root = root }
    }
}

struct RepairCommandHandler: Sendable {
    let server: LanguageServer

    func repairSchema(_ arguments: RepairSchemaArguments) async throws -> JSONValue {
        let inputs = try await projectInputs(root: arguments.root)
        let plan: RepairPlan
        do {
            let request = try inputs.request(only: arguments.only, conversionPolicy: arguments.conversionPolicy)
            plan = try await offloaded { try RepairPlanner.plan(request) }
        } catch let error as RepairError {
            server.showMessage("sqlheal: \(error.description)", type: .error)
            throw ResponseError(code: .requestFailed, message: error.description)
        }
        let consent = RepairConsent(
            plan: plan, projectRoot: inputs.projectRoot, fromCodeAction: arguments.fromCodeAction, confirmed: arguments.confirmed,
            clientCanAsk: server.clientCapabilities.window?.showMessage != nil)
        var result = Self.encode(plan)
        result["database"] = .string(consent.databasePath)
        result["outsideProject"] = .bool(consent.databaseIsOutsideProject)
        if arguments.dryRun { return result.with(applied: false, message: "dry run: nothing was changed") }
        if plan.steps.isEmpty {
            // Writes nothing to the database; journals what was held back, if anything.
            let journal = HistoryJournal(projectRoot: inputs.projectRoot)
            let outcome = try await offloaded { try RepairExecutor.apply(plan, options: .init(journal: journal)) }
            server.showMessage("sqlheal: " + outcome.message, type: plan.skippedSteps.isEmpty ? .info : .warning)
            if let id = outcome.historyID { result["historyId"] = .string(id) }
            return result.with(applied: false, message: outcome.message)
        }
        switch consent.decision {
        case .apply:
            break
        case .ask:
            let answer = try? await server.sendRequest(ShowMessageRequest(
                type: .warning, message: consent.question,
                actions: [MessageActionItem(title: RepairConsent.applyTitle), MessageActionItem(title: RepairConsent.cancelTitle)]))
            guard answer?.title == RepairConsent.applyTitle else {
                return result.with(applied: false, message: "not confirmed: nothing was changed")
            }
        case .refuse:
            server.showMessage("sqlheal: " + consent.cannotAskMessage, type: .warning)
            return result.with(applied: false, message: consent.cannotAskMessage)
        }
        let databaseName = (plan.databasePath as NSString).lastPathComponent
        let journal = HistoryJournal(projectRoot: inputs.projectRoot)
        do {
            let outcome = try await server.withWorkDoneProgress(title: "sqlheal: repairing \(databaseName)") { report in
                // The executor reports from its worker thread into a stream; `report` is called
                // only here, inside the closure it was given to.
                let (updates, sink) = AsyncStream.makeStream(of: RepairExecutor.RepairProgress.self, bufferingPolicy: .bufferingNewest(32))
                let work = Task {
                    try await offloaded {
                        defer { sink.finish() }
                        return try RepairExecutor.apply(plan, options: .init(journal: journal, progress: { sink.yield($0) }))
                    }
                }
                var lastPercent = -1
                for await update in updates {
                    let percent = Int(update.fraction * 100)
                    if percent != lastPercent {
                        lastPercent = percent
                        report(update.message, percent)
                    }
                }
                return try await work.value
            }
            server.showMessage("sqlheal: " + outcome.message + " (or run the command sqlheal.rollback)", type: .info)
            refreshAnalysis(projectRoot: inputs.projectRoot)
            result["applied"] = .bool(true)
            if let backup = outcome.backupPath { result["backup"] = .string(backup) }
            if let id = outcome.historyID { result["historyId"] = .string(id) }
            result["message"] = .string(outcome.message)
            return .object(result)
        } catch let error as RepairError {
            server.showMessage("sqlheal: repair failed: \(error.description)", type: .error)
            throw ResponseError(code: .requestFailed, message: error.description)
        }
    }

    func rollback(_ arguments: RollbackArguments) async throws -> JSONValue {
        let project = try await loadedProject(root: arguments.root)
        let root = project.root
        let journal = HistoryJournal(projectRoot: root)
        do {
            let outcome = try await offloaded {
                // A history entry may name the configured database even outside the project (it was
                // repaired after a confirmation naming it); any other path outside is refused.
                try Rollback(journal: journal, configuredDatabasePath: project.configuration.databasePath)
                    .run(historyID: arguments.historyID, options: .init(force: arguments.force))
            }
            server.showMessage("sqlheal: " + outcome.message, type: outcome.restored ? .info : .warning)
            if outcome.restored { refreshAnalysis(projectRoot: root) }
            return .object(["restored": .bool(outcome.restored), "historyId": .string(outcome.historyID), "message": .string(outcome.message)])
        } catch let error as RepairError {
            server.showMessage("sqlheal: rollback refused: \(error.description)", type: .warning)
            let id = arguments.historyID ?? ((try? Rollback(journal: journal).defaultTarget())??.id ?? "")
            return .object(["restored": .bool(false), "historyId": .string(id), "message": .string(error.description)])
        }
    }

    // MARK: Project

    /// How long a command waits for the server to finish reading a project it has not read yet
    /// (a command sent right after `initialize`, a project that just appeared).
    static let projectLoadWait: Duration = .seconds(30)

    /// The project the command is about, as the server loaded it: the one the diagnostics show
    /// (every layer of editor settings, open buffers over the disk). The repair never reads a
    /// project of its own, so it cannot plan against another database or other settings.
    ///
    /// `root` picks it: the project at that folder, else the innermost project holding it, else
    /// the one project inside it (the workspace folder above an app). Without `root`: the first
    /// project with a configured database, else the first project.
    private func loadedProject(root: String?) async throws -> ProjectWorkspace {
        let wanted = try root.map(validatedRoot)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: Self.projectLoadWait)
        while true {
            let projects = server.projects.values.sorted { $0.root < $1.root }
            if let chosen = try Self.project(for: wanted, among: projects) { return chosen }
            guard clock.now < deadline else {
                let message = wanted.map { "sqlheal has read no project at \($0)" } ?? "no workspace folder is open: pass root in the command arguments"
                throw ResponseError(code: .requestFailed, message: message)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The rule of ``loadedProject(root:)`` over the projects loaded now; `nil` while none fits yet.
    static func project(for root: String?, among projects: [ProjectWorkspace]) throws -> ProjectWorkspace? {
        guard let root else {
            return projects.first { $0.configuration.databasePath != nil } ?? projects.first
        }
        let wanted = WorkspacePath.standardize(root)
        if let exact = projects.first(where: { WorkspacePath.standardize($0.root) == wanted }) { return exact }
        let holding = projects.filter { WorkspacePath.relative(wanted, to: WorkspacePath.standardize($0.root)) != nil }
        if let innermost = holding.max(by: { $0.root.count < $1.root.count }) { return innermost }
        let inside = projects.filter { WorkspacePath.relative(WorkspacePath.standardize($0.root), to: wanted) != nil }
        guard inside.count > 1 else { return inside.first }
        let withDatabase = inside.filter { $0.configuration.databasePath != nil }
        if withDatabase.count == 1 { return withDatabase[0] }
        let names = inside.map { WorkspacePath.display($0.root, root: wanted) }.joined(separator: ", ")
        throw ResponseError.invalidParams("\(root) holds several projects (\(names)): pass the root of one of them")
    }

    /// `root` as an absolute path, refused unless it is inside a workspace folder: a crafted
    /// `root` would otherwise repair (or roll back) any database on the machine.
    private func validatedRoot(_ root: String) throws -> String {
        let folders = server.workspaceFolders.compactMap { FileURI.path(fromURI: $0.uri) }
        let path = FileURI.path(fromURI: root) ?? root
        let resolvedPath = RepairConsent.resolved(WorkspacePath.standardize(path))
        guard path.hasPrefix("/"),
            folders.contains(where: { WorkspacePath.relative(resolvedPath, to: RepairConsent.resolved($0)) != nil })
        else {
            throw ResponseError.invalidParams("root \(path) is outside the workspace folders; sqlheal repairs and rolls back only projects the editor opened")
        }
        return path
    }

    private func projectInputs(root: String?) async throws -> RepairProjectInputs {
        let project = try await loadedProject(root: root)
        do {
            try RepairProjectInputs.requireReadableConfiguration(project)
            let modules = server.moduleIndex(ofProjectAt: project.root)
            let buffers = server.openBuffersByPath
            return try await offloaded { RepairProjectInputs(workspace: project, openBuffers: buffers, modules: modules) }
        } catch let error as RepairError {
            throw ResponseError(code: .requestFailed, message: error.description)
        }
    }

    /// The schema changed: the workspace feature reads the project again (open documents, drift
    /// and unused-table findings, the project's files), without waiting for the editor to report
    /// the write.
    private func refreshAnalysis(projectRoot: String) {
        server.announceDatabaseWritten(projectRoot: projectRoot)
    }

    // MARK: Encoding

    static func encode(_ plan: RepairPlan) -> [String: JSONValue] {
        let steps: [JSONValue] = plan.steps.map { step in
            var object: [String: JSONValue] = [
                "id": .string(step.id), "kind": .string(step.kind.rawValue), "table": .string(step.table),
                "sql": .array(step.sql.map(JSONValue.string)), "source": .string(step.source),
            ]
            if let column = step.column { object["column"] = .string(column) }
            return .object(object)
        }
        let skipped: [JSONValue] = plan.skippedSteps.map { .object(["id": .string($0.id), "reason": .string($0.reason)]) }
        // `script` is what `sqlheal repair --dry-run` prints: every statement applying runs, the
        // pragmas, transaction and verification queries around the steps included.
        return ["steps": .array(steps), "applied": .bool(false), "skipped": .array(skipped), "script": .string(plan.dryRunText())]
    }
}

private extension Dictionary where Key == String, Value == JSONValue {
    func with(applied: Bool, message: String) -> JSONValue {
        var copy = self
        copy["applied"] = .bool(applied)
        copy["message"] = .string(message)
        return .object(copy)
    }
}

/// Runs blocking work (SQLite, file reads) off the Swift concurrency pool.
func offloaded<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try body() })
        }
    }
}
