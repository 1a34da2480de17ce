import ArgumentParser

struct RepairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Plans and applies the schema repair of the configured database.",
        discussion: """
            A verified backup is made first; the database ends either fully repaired or exactly as
            it was. `--dry-run` prints the exact SQL that applying runs, PRAGMAs included.
            """
    )

    @OptionGroup var project: ProjectRootOptions

    @Flag(name: .long, help: "Print the plan and its exact SQL; change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Apply without asking (asking happens only on a terminal).")
    var yes = false

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Only these step ids (as printed by --dry-run).", valueName: "STEP"))
    var only: [String] = []

    func run() async throws {
        throw ScaffoldNotYetImplemented(command: "repair")
    }
}
