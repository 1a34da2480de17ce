import ArgumentParser

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Lists the applied schema repairs and code fixes, newest first."
    )

    @OptionGroup var project: ProjectRootOptions

    func run() async throws {
        throw ScaffoldNotYetImplemented(command: "history")
    }
}
