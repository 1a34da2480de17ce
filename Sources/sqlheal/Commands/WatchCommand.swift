import ArgumentParser

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Re-checks the project when files or the database change, and on an interval.",
        discussion: "With --apply-safe, applies the repairs that cannot lose data (create table, add nullable column), never the same one twice in a row. Stops on SIGINT or SIGTERM."
    )

    @OptionGroup var project: ProjectRootOptions

    @Option(name: .long, help: ArgumentHelp("Also re-check every SECONDS seconds.", valueName: "SECONDS"))
    var interval: Double = 300

    @Flag(name: .long, help: "Apply the repairs that cannot lose data.")
    var applySafe = false

    func run() async throws {
        throw ScaffoldNotYetImplemented(command: "watch")
    }
}
