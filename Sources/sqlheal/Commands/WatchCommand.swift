import ArgumentParser
import Dispatch
import Foundation
import SQLHealAnalysis
import SQLHealRepair
import SQLHealWorkspace

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Re-checks the project when files or the database change, and on an interval.",
        discussion: """
            Prints the findings once, then only what changed (+ new, - gone). Files and the database
            are watched by polling their size and modification time (cheap: a few stat calls).

            With --apply-safe, applies the repairs that cannot lose data (create table, add
            nullable column) and that a migration declares, through the same verified, journaled
            path as `sqlheal repair` (see `sqlheal history`), never the same one twice in a row,
            and never one this watch already applied within the last 10 minutes (something that
            keeps undoing a repair is reported, not fought). What only the code suggests (a table
            or column no migration declares) and names that look like typos wait for a person:
            they are listed, their findings stay. Stops on SIGINT or SIGTERM, never in the middle
            of a repair.

            Exit status: 2 when the project root does not exist or, with --apply-safe, when
            sqlheal.json could not be read (unattended repairs never run on defaults).
            """
    )

    @OptionGroup var project: ProjectRootOptions

    @Option(name: .long, help: ArgumentHelp("Also re-check every SECONDS seconds.", valueName: "SECONDS"))
    var interval: Double = 300

    @Flag(name: .long, help: "Apply the repairs that cannot lose data.")
    var applySafe = false

    /// How long a repair this watch applied is not applied again, whatever the journal says.
    static let loopPreventionWindow: TimeInterval = 600
    /// How often files are polled for changes.
    static let pollInterval: TimeInterval = 0.5

    func validate() throws {
        guard interval > 0, interval.isFinite else { throw ValidationError("--interval must be a positive number of seconds") }
    }

    func run() async throws {
        let root = project.resolvedRoot
        if applySafe {
            let problems = WorkspaceConfiguration.load(root: root).findings.filter { $0.severity == .error }.map(\.message)
            if !problems.isEmpty {
                StandardError.write("sqlheal watch: --apply-safe: \(RepairError.configurationUnreadable(problems: problems).description)\n")
                throw ExitCode(2)
            }
        }
        let stop = StopSignal.install()
        var session = WatchSession(root: root, applySafe: applySafe)
        session.checkAndReport(reason: "start")

        var lastCheck = Date()
        while !stop.isRequested {
            try? await Task.sleep(nanoseconds: UInt64(Self.pollInterval * 1_000_000_000))
            if stop.isRequested { break }
            if let reason = session.changeSinceLastCheck() {
                session.checkAndReport(reason: reason)
                lastCheck = Date()
            } else if Date().timeIntervalSince(lastCheck) >= interval {
                session.checkAndReport(reason: "interval")
                lastCheck = Date()
            }
        }
        Output.line("stopped (\(stop.signalName ?? "signal"))")
    }
}

/// One watch: the loaded project, what was printed last, and the repairs applied.
struct WatchSession {
    let root: String
    let applySafe: Bool
    var workspace: ProjectWorkspace
    /// The findings printed last, by identity.
    var lastFindings: [String: FileFinding] = [:]
    var sourceStamps: [String: SchemaSourceStamp.FileState] = [:]
    /// Step id (lowercased) → when this watch applied it.
    var appliedAt: [String: Date] = [:]
    /// Steps already reported as waiting for a person (each is said once per watch).
    var reportedAsWaiting: Set<String> = []
    var isFirstCheck = true

    init(root: String, applySafe: Bool) {
        self.root = root
        self.applySafe = applySafe
        self.workspace = ProjectWorkspace.load(root: root)
    }

    /// Why the project must be checked again, or `nil` when nothing changed on disk.
    mutating func changeSinceLastCheck() -> String? {
        let schemaChanges = workspace.stamp.refreshed(for: workspace.configuration).changedPaths(comparedWith: workspace.stamp)
        if !schemaChanges.isEmpty {
            return "changed: " + schemaChanges.map { WorkspacePath.display($0, root: root) }.joined(separator: ", ")
        }
        let files = workspace.discoverFiles().files
        var stamps: [String: SchemaSourceStamp.FileState] = [:]
        for file in files { stamps[file] = SchemaSourceStamp.state(of: file) }
        guard stamps != sourceStamps else { return nil }
        let changed = Set(stamps.keys).union(sourceStamps.keys).filter { stamps[$0] != sourceStamps[$0] }.sorted()
        sourceStamps = stamps
        let shown = changed.prefix(3).map { WorkspacePath.display($0, root: root) }.joined(separator: ", ")
        return "changed: " + shown + (changed.count > 3 ? " and \(changed.count - 3) more" : "")
    }

    mutating func checkAndReport(reason: String) {
        workspace = ProjectWorkspace.load(root: root)
        var report = CheckCommand.makeReport(workspace: workspace, requestedPaths: [], showsProgress: false, integrityCheck: .quick)
        if applySafe, applySafeRepairs() {
            // The schema changed: check against the repaired database.
            workspace = ProjectWorkspace.load(root: root)
            report = CheckCommand.makeReport(workspace: workspace, requestedPaths: [], showsProgress: false, integrityCheck: .quick)
        }
        if sourceStamps.isEmpty {
            for file in workspace.discoverFiles().files { sourceStamps[file] = SchemaSourceStamp.state(of: file) }
        }
        printDifferences(report, reason: reason)
    }

    private mutating func printDifferences(_ report: CheckReport, reason: String) {
        var current: [String: FileFinding] = [:]
        for finding in report.findings { current[Self.identity(finding, root: root)] = finding }
        let added = current.keys.filter { lastFindings[$0] == nil }.sorted()
        let gone = lastFindings.keys.filter { current[$0] == nil }.sorted()
        Output.line("\(reason): \(report.summaryLine)")
        for key in gone { Output.line("- " + Self.describe(lastFindings[key], report: report)) }
        for key in added { Output.line((isFirstCheck ? "  " : "+ ") + Self.describe(current[key], report: report)) }
        for note in report.notes where isFirstCheck {
            Output.line("  note: \(note.path.map { report.displayPath($0) + ": " } ?? "")\(note.message)")
        }
        if !isFirstCheck, added.isEmpty, gone.isEmpty { Output.line("  no change in findings") }
        lastFindings = current
        isFirstCheck = false
    }

    static func identity(_ finding: FileFinding, root: String) -> String {
        "\(WorkspacePath.display(finding.path, root: root))|\(finding.line1)|\(finding.column1)|\(finding.code.rawValue)|\(finding.message)"
    }

    static func describe(_ finding: FileFinding?, report: CheckReport) -> String {
        guard let finding else { return "" }
        return "\(report.displayPath(finding.path)):\(finding.line1):\(finding.column1): \(finding.severity.name): \(finding.message) [\(finding.code.rawValue)]"
    }

    /// Plans the steps that cannot lose data and applies those not applied recently. Returns
    /// true when the database changed.
    private mutating func applySafeRepairs() -> Bool {
        guard let databasePath = workspace.configuration.databasePath, workspace.schema.isCheckedAgainstDatabase else { return false }
        let configurationProblems = workspace.configuration.findings.filter { $0.severity == .error }.map(\.message)
        guard configurationProblems.isEmpty else {
            Output.line("  safe repair not applied: \(RepairError.configurationUnreadable(problems: configurationProblems).description)")
            return false
        }
        let journal = HistoryJournal(projectRoot: root)
        let now = Date()
        appliedAt = appliedAt.filter { now.timeIntervalSince($0.value) < WatchCommand.loopPreventionWindow }
        do {
            let usage = RepairProjectInputs(workspace: workspace).codeUsage
            var request = RepairRequest(
                databasePath: databasePath,
                declaredSchema: workspace.schema.context.declaredSchema,
                codeUsage: usage,
                previousRepair: try journal.latestRepair(ofDatabaseAt: databasePath))
            var plan = try RepairPlanner.planStepsThatCannotLoseData(request)
            for skipped in plan.skippedSteps where skipped.reason.contains("previous repair") {
                Output.line("  not applying \(skipped.id) again: \(skipped.reason)")
            }
            for skipped in plan.skippedSteps where skipped.disposition == .heldBack && !reportedAsWaiting.contains(skipped.id.lowercased()) {
                reportedAsWaiting.insert(skipped.id.lowercased())
                Output.line("  not applied, waits for a person: \(skipped.id): \(skipped.reason)")
            }
            let recent = plan.steps.filter { appliedAt[$0.id.lowercased()] != nil }
            for step in recent {
                Output.line("  not applying \(step.id) again: this watch applied it less than \(Int(WatchCommand.loopPreventionWindow / 60)) minutes ago and something undid it")
            }
            let fresh = plan.steps.filter { appliedAt[$0.id.lowercased()] == nil }.map(\.id)
            guard !fresh.isEmpty else { return false }
            if !recent.isEmpty {
                request.only = fresh
                plan = try RepairPlanner.planStepsThatCannotLoseData(request)
                guard !plan.steps.isEmpty else { return false }
            }
            let outcome = try RepairExecutor.apply(plan, options: RepairExecutor.Options(journal: journal))
            for id in outcome.appliedStepIDs { appliedAt[id.lowercased()] = Date() }
            Output.line("applied \(outcome.appliedStepIDs.joined(separator: ", ")) (history \(outcome.historyID ?? "-"); undo with `sqlheal rollback \(outcome.historyID ?? "")`)")
            return !outcome.appliedStepIDs.isEmpty
        } catch let error as RepairError {
            Output.line("  safe repair not applied: \(error.description)")
        } catch {
            Output.line("  safe repair not applied: \(error)")
        }
        return false
    }
}

/// Lines on standard output, flushed at once (a watch is usually piped into a log).
enum Output {
    static func line(_ text: String) {
        let stamp = timestamp()
        FileHandle.standardOutput.write(Data("[\(stamp)] \(text)\n".utf8))
    }

    private static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }
}

/// SIGINT/SIGTERM turned into a flag the watch loop polls, so it stops between checks and never
/// in the middle of a repair.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requestedBy: String?
    private var sources: [DispatchSourceSignal] = []

    static func install() -> StopSignal {
        let stop = StopSignal()
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.request(name) }
            source.resume()
            stop.sources.append(source)
        }
        return stop
    }

    func request(_ name: String) {
        lock.withLock { if requestedBy == nil { requestedBy = name } }
    }

    var isRequested: Bool { lock.withLock { requestedBy != nil } }
    var signalName: String? { lock.withLock { requestedBy } }
}
