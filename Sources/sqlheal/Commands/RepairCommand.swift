import ArgumentParser
import Foundation
import SQLHealRepair

extension ConversionPolicy: ExpressibleByArgument {}

struct RepairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Plans and applies the schema repair of the configured database.",
        discussion: """
            Steps: create-table:<table> (from the migration that declares it, verbatim, or inferred from the code's uses), add-column:<table>.<column>, change-column-type:<table>.<column>:<TYPE> (where the database differs from the migrations; a type the code asks for only when named with --only), archive-table:<table> (only with --only).

            A verified backup is made first (SQLite's online backup API, into .sqlheal/backups/); the database ends either fully repaired or exactly as it was. --dry-run prints the exact SQL that applying runs, PRAGMAs and verification queries included. Every applied repair is recorded (sqlheal history) and can be undone (sqlheal rollback). The same step is never applied twice in a row.

            Type changes never lose data silently: before converting, every value the conversion would change ('abc', '', '12abc', '3.9', '1e3', '042', ' 42', 20-digit numbers, blobs) and every new UNIQUE/PRIMARY KEY collision is counted. With any, the step is skipped (the rest of the plan still runs) unless you choose a policy with --lossy:
              refuse  skip the step (the default)
              cast    store what CAST makes of each value ('3.9' → 3, 'abc' → 0)
              null    store NULL where a value cannot be converted exactly
            Collisions always skip the step.

            Exit status: 0 repaired (or nothing to do, or a dry run); 1 refused or failed (the database is unchanged); 2 configuration error.
            """
    )

    @OptionGroup var project: ProjectRootOptions

    @Flag(name: .long, help: "Print the plan and its exact SQL; change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Apply without asking (asking happens only on a terminal).")
    var yes = false

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Only these step ids (as printed by --dry-run).", valueName: "STEP"))
    var only: [String] = []

    @Option(name: .long, help: ArgumentHelp("What to do with values a type change cannot convert exactly: refuse (default), cast or null.", valueName: "POLICY"))
    var lossy: ConversionPolicy = .refuse

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for another connection's lock before giving up.", valueName: "SECONDS"))
    var busyTimeout: Int = 5

    func run() async throws {
        let root = project.resolvedRoot
        let inputs = try RepairProjectInputs.load(root: root)
        let plan: RepairPlan
        do {
            plan = try RepairPlanner.plan(try inputs.request(only: only, conversionPolicy: lossy), busyTimeout: .seconds(max(0, busyTimeout)))
        } catch RepairError.databaseNotConfigured {
            Self.fail(RepairError.databaseNotConfigured.description)
            throw ExitCode(2)
        } catch let error as RepairError {
            Self.fail(error.description)
            throw ExitCode(1)
        }
        let journal = HistoryJournal(projectRoot: root)
        if dryRun {
            print(plan.dryRunText(backupDescription: journal.backupDescription), terminator: "")
            return
        }
        if plan.steps.isEmpty {
            print(RepairExecutor.describeEmpty(plan))
            return
        }
        print("Repair plan for \(plan.databasePath):")
        for step in plan.steps {
            print("  \(step.id)  (\(step.source)\(step.cannotLoseData ? "" : "; verified rebuild"))")
        }
        for skipped in plan.skippedSteps {
            print("  skipped \(skipped.id): \(skipped.reason)")
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                Self.fail("not applying without confirmation: no terminal to ask on. Run `sqlheal repair --yes` to apply, or `--dry-run` to see the exact SQL. Nothing was changed.")
                throw ExitCode(1)
            }
            print("Apply \(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s") (a verified backup is made first)? [y/N] ", terminator: "")
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                print("Nothing was changed.")
                return
            }
        }
        let showsProgress = isatty(STDERR_FILENO) == 1
        let progress = showsProgress ? Self.progressPrinter() : nil
        do {
            let options = RepairExecutor.Options(journal: journal, busyTimeout: .seconds(max(0, busyTimeout)), progress: progress)
            let outcome = try RepairExecutor.apply(plan, options: options)
            print(outcome.message)
        } catch let error as RepairError {
            Self.fail(error.description)
            throw ExitCode(1)
        }
    }

    /// Prints progress to stderr, each message once.
    static func progressPrinter() -> @Sendable (RepairExecutor.RepairProgress) -> Void {
        let lastMessage = ProgressDeduplication()
        return { progress in
            guard lastMessage.isNew(progress.message) else { return }
            let percent = Int(progress.fraction * 100)
            FileHandle.standardError.write(Data("  \(percent)% \(progress.message)\n".utf8))
        }
    }

    static func fail(_ message: String) {
        FileHandle.standardError.write(Data("sqlheal repair: \(message)\n".utf8))
    }
}

/// Prints each progress message once (the backup reports per page batch).
final class ProgressDeduplication: @unchecked Sendable {
    private let lock = NSLock()
    private var last = ""

    func isNew(_ message: String) -> Bool {
        let key = message.hasPrefix("backing up") ? "backing up" : message
        return lock.withLock {
            defer { last = key }
            return key != last
        }
    }
}
