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
            Collisions always skip the step. A column that would become the rowid (INT or TEXT PRIMARY KEY changed to INTEGER PRIMARY KEY) must hold no NULL: SQLite would invent a number for each, so such a step is refused under every policy, the rows named.

            A step is held back, and the summary and `sqlheal history` say which and why, when it was refused (it would change values, it would collide, SQLite rejects it, the previous repair applied it already) or when it waits for a person by design (a table or column name one typo away from an existing one: applied only when named with --only).

            The database must be a regular file that SQLite's integrity_check finds sound, and sqlheal.json must be readable: otherwise nothing is planned or written.

            Exit status:
              0 repaired: every planned step applied, or nothing to do, or a dry run (steps held back only by design, as typos, do not count)
              1 refused or failed: the database is damaged, not a regular file, locked, or a verification failed; nothing was changed
              2 configuration error: no database configured, or sqlheal.json (or the editor settings) could not be read; nothing was changed
              3 steps held back: at least one step was refused (see the summary); the other steps were applied
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

    /// Some step was refused: the repair is partial (documented in the help above).
    static let exitStepsHeldBack: Int32 = 3

    func run() async throws {
        let root = project.resolvedRoot
        let plan: RepairPlan
        do {
            let inputs = try RepairProjectInputs.load(root: root)
            plan = try RepairPlanner.plan(try inputs.request(only: only, conversionPolicy: lossy), busyTimeout: .seconds(max(0, busyTimeout)))
        } catch let error as RepairError {
            Self.fail(error.description)
            switch error {
            case .databaseNotConfigured, .configurationUnreadable: throw ExitCode(2)
            default: throw ExitCode(1)
            }
        } catch let error as HistoryError {
            Self.fail(error.description)
            throw ExitCode(1)
        }
        let journal = HistoryJournal(projectRoot: root)
        if dryRun {
            print(plan.dryRunText(backupDescription: journal.backupDescription), terminator: "")
            return
        }
        if plan.steps.isEmpty {
            // Writes nothing to the database; journals what was held back, if anything.
            print(try RepairExecutor.apply(plan, options: RepairExecutor.Options(journal: journal)).message)
            if plan.hasRefusedSteps { throw ExitCode(Self.exitStepsHeldBack) }
            return
        }
        print("Repair plan for \(plan.databasePath):")
        for step in plan.steps {
            print("  \(step.id)  (\(step.source)\(step.cannotLoseData ? "" : "; verified rebuild"))")
        }
        for skipped in plan.skippedSteps {
            print("  \(skipped.disposition.label) \(skipped.id): \(skipped.reason)")
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
        if plan.hasRefusedSteps { throw ExitCode(Self.exitStepsHeldBack) }
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
