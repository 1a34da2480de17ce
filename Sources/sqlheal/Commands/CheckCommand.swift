import ArgumentParser
import Foundation
import SQLHealAnalysis
import SQLHealWorkspace

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Checks the project once and prints its findings.",
        discussion: """
            Exit status: 0 when no finding has error severity, 1 when some do, 2 on a usage or
            configuration error.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    @Argument(help: ArgumentHelp("Files or folders to check (default: the whole project).", valueName: "PATH"))
    var paths: [String] = []

    @OptionGroup var project: ProjectRootOptions

    @Option(name: .long, help: "text: file:line:col: severity: message [code]; json: an array of findings; sarif: SARIF 2.1.0.")
    var format: OutputFormat = .text

    func run() async throws {
        let root = project.resolvedRoot
        // One scan follows: each file is read and extracted once, for the schema and the scan.
        let workspace = ProjectWorkspace.load(root: root, options: .init(keepsSources: true))
        let requested = paths.map { FileManagerPaths.absolute($0, relativeTo: FileManagerPaths.currentDirectory) }
        let report = Self.makeReport(workspace: workspace, requestedPaths: requested, showsProgress: true, integrityCheck: .full)

        let output = report.render(CheckReport.Format(rawValue: format.rawValue) ?? .text, toolVersion: SQLHealVersion.current)
        FileHandle.standardOutput.write(Data(output.utf8))
        if workspace.schema.isMissing {
            // Said once, on stderr, so `--format json` output stays parseable; the exit status is unchanged.
            StandardError.write("warning: \(WorkspaceSchema.missingSchemaMessage)\n")
        }
        for note in report.notes {
            StandardError.write("note: \(note.path.map { report.displayPath($0) + ": " } ?? "")\(note.message)\n")
        }
        if format == .text {
            FileHandle.standardOutput.write(Data((report.summaryLine + "\n").utf8))
        } else {
            StandardError.write(report.summaryLine + "\n")
        }
        let code = report.exitCode
        if code != 0 { throw ExitCode(code) }
    }

    /// ``ProjectWorkspace/checkReport(requestedPaths:progress:integrityCheck:)`` with a progress bar
    /// on a terminal.
    static func makeReport(workspace: ProjectWorkspace, requestedPaths: [String], showsProgress: Bool,
                           integrityCheck: DatabaseIntegrity.Check) -> CheckReport {
        let progress = showsProgress ? ProgressBar.makeIfTerminal(minimumTotal: 200) : nil
        let report = workspace.checkReport(requestedPaths: requestedPaths, progress: progress?.callback, integrityCheck: integrityCheck)
        progress?.finish()
        return report
    }
}

/// Writes to standard error (never standard output: `serve` keeps stdout for protocol, and
/// `check --format json` for the report).
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}

/// A one-line progress bar on standard error, drawn only on a terminal and only for projects
/// large enough to take a moment; redrawn at most every 1%.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastPercent = -1
    private var drawn = false

    static func makeIfTerminal(minimumTotal: Int) -> ProgressBar? {
        guard StandardError.isTerminal, ProcessInfo.processInfo.environment["CI"] == nil else { return nil }
        let bar = ProgressBar()
        bar.minimumTotal = minimumTotal
        return bar
    }

    private var minimumTotal = 0

    var callback: ProjectScanProgress {
        { [self] completed, total in self.update(completed: completed, total: total) }
    }

    func update(completed: Int, total: Int) {
        guard total >= minimumTotal, total > 0 else { return }
        let percent = completed * 100 / total
        lock.lock()
        defer { lock.unlock() }
        guard percent != lastPercent else { return }
        lastPercent = percent
        drawn = true
        let width = 30
        let filled = width * completed / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        StandardError.write("\r\(bar) \(percent)% \(completed)/\(total) files")
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { StandardError.write("\r\u{1B}[2K") }
    }
}
