import ArgumentParser
import Foundation
import SQLHealRepair
import SQLHealWorkspace

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Undoes one applied repair or fix (default: the latest).",
        discussion: """
            A repair is undone by restoring its verified backup with SQLite's online backup API, only while the database is exactly as the repair left it (otherwise restoring would discard later changes; --force restores anyway). The state being replaced is backed up first.

            A code fix is undone by restoring each file, only while every file still has the content the fix wrote (same rule).
            """
    )

    @Argument(help: ArgumentHelp("The history id to undo, as `sqlheal history` prints it.", valueName: "ID"))
    var historyID: String?

    @OptionGroup var project: ProjectRootOptions

    @Flag(name: .long, help: "Restore even though the database or the files changed since.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for another connection's lock on the database.", valueName: "SECONDS"))
    var busyTimeout: Int = 5

    func run() async throws {
        let root = project.resolvedRoot
        let journal = HistoryJournal(projectRoot: root)
        // The configured database may lie outside the project; any other path in an entry may not.
        let configured = WorkspaceConfiguration.load(root: root).databasePath
        do {
            let outcome = try Rollback(journal: journal, configuredDatabasePath: configured).run(
                historyID: historyID, options: .init(force: force, busyTimeout: .seconds(max(0, busyTimeout))))
            print(outcome.message)
            if !outcome.restored { throw ExitCode(1) }
        } catch let error as RepairError {
            FileHandle.standardError.write(Data("sqlheal rollback: \(error.description)\n".utf8))
            throw ExitCode(1)
        } catch let error as HistoryError {
            FileHandle.standardError.write(Data("sqlheal rollback: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
