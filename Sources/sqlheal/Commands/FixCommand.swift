import ArgumentParser
import Foundation
import SQLHealAnalysis
import SQLHealWorkspace

struct FixCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Applies the safe code fixes to files on disk, with a backup of each file.",
        discussion: """
            Safe fixes are the ones an editor's "fix all" applies: removing a conversion that \
            contradicts its column (`parseInt(x)` → `x` where the column is TEXT) and binding a \
            value spliced into SQL text as a parameter. Schema changes and "did you mean" guesses \
            are never applied here (see `sqlheal repair`).

            A file that does not parse is not touched. Each fixed file is backed up under \
            .sqlheal/backups/, syntax-checked afterwards (by sqlheal's scanner, and by `node --check` \
            for .js/.mjs/.cjs when node is on PATH) and restored if the check fails. \
            `sqlheal rollback` undoes a fix run.

            Exit status: 0 when every fix was applied (or there was nothing to fix), 1 when a file \
            with fixes was left alone (it does not parse) or restored, 2 on a usage or configuration error.
            """
    )

    @Argument(help: ArgumentHelp("Files or folders to fix (default: the whole project).", valueName: "PATH"))
    var paths: [String] = []

    @OptionGroup var project: ProjectRootOptions

    @Flag(name: .long, help: "Print a unified diff of the fixes instead of writing files.")
    var dryRun = false

    func run() async throws {
        let root = project.resolvedRoot
        let workspace = ProjectWorkspace.load(root: root)
        if workspace.configuration.hasConfigurationErrors {
            // Fixing against a schema the configuration failed to name could do harm.
            for finding in workspace.configuration.findings where finding.finding.severity == .error {
                StandardError.write("\(finding.path):\(finding.start.line + 1):\(finding.start.column + 1): error: \(finding.finding.message)\n")
            }
            StandardError.write("sqlheal fix: the configuration has errors; nothing was changed\n")
            throw ExitCode(2)
        }
        let requested = paths.isEmpty ? nil : paths.map { FileManagerPaths.absolute($0, relativeTo: FileManagerPaths.currentDirectory) }
        let discovered = workspace.discoverFiles(limitTo: requested)
        for note in discovered.notes {
            StandardError.write("note: \(note)\n")
        }

        let run = FileFixRun(
            root: workspace.root,
            analyzer: workspace.analyzer,
            options: FileFixRun.Options(dryRun: dryRun, nodeCheck: NodeSyntaxCheck.locate())
        )
        let report = run.run(files: discovered.files)
        print(FixReportText.render(report, run: run, dryRun: dryRun), terminator: "")
        if report.leftSomethingUnfixed { throw ExitCode(1) }
    }
}

/// What `sqlheal fix` prints: with `--dry-run` the unified diffs on stdout (ready for `patch -p1`
/// from the root) and the summary as diff-ignored text after them; otherwise one line per
/// fixed, skipped or restored file and a closing summary.
enum FixReportText {
    static func render(_ report: FileFixRun.Report, run: FileFixRun, dryRun: Bool) -> String {
        var diffs = ""
        var lines: [String] = []
        for file in report.files {
            let path = run.displayPath(file.path)
            switch file.outcome {
            case .unchanged:
                continue
            case .fixed(let fixes):
                lines.append("\(path): \(count(fixes.count, "fix", "fixes")) applied")
                lines += fixes.map { "  \($0.title)" }
            case .wouldFix(let fixes, let diff):
                diffs += diff
                lines.append("\(path): \(count(fixes.count, "fix", "fixes")) would be applied")
                lines += fixes.map { "  \($0.title)" }
            case .unparsable(let reason):
                lines.append("\(path): not touched: \(reason)")
            case .rolledBack(let fixes, let reason):
                lines.append("\(path): \(count(fixes.count, "fix", "fixes")) rolled back: \(reason)")
            case .failed(let reason):
                lines.append("\(path): failed: \(reason)")
            }
        }
        let fixedFiles = report.files.filter { if case .wouldFix = $0.outcome { true } else if case .fixed = $0.outcome { true } else { false } }.count
        if dryRun {
            lines.append(report.fixCount == 0
                ? "Nothing to fix."
                : "Dry run: \(count(report.fixCount, "fix", "fixes")) in \(count(fixedFiles, "file", "files")) would be applied; nothing was written.")
        } else if report.fixCount == 0 {
            lines.append(report.hasFailures ? "No file was changed." : "Nothing to fix.")
        } else {
            var summary = "Fixed \(count(report.fixCount, "issue", "issues")) in \(count(fixedFiles, "file", "files"))."
            if let id = report.historyID {
                summary += " Backups and history: \(id) (undo with `sqlheal rollback \(id)`)."
            }
            lines.append(summary)
        }
        if let problem = report.historyProblem { lines.append("warning: \(problem)") }
        // In a dry run the summary goes to stderr, so stdout is exactly the patch.
        if dryRun {
            StandardError.write(lines.joined(separator: "\n") + "\n")
            return diffs
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }
}
