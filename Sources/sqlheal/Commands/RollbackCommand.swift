import ArgumentParser

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Undoes one applied repair or fix (default: the latest)."
    )

    @Argument(help: ArgumentHelp("The history id to undo, as `sqlheal history` prints it.", valueName: "ID"))
    var historyID: String?

    @OptionGroup var project: ProjectRootOptions

    func run() async throws {
        throw ScaffoldNotYetImplemented(command: "rollback")
    }
}
