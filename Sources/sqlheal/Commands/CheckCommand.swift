import ArgumentParser

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
        throw ScaffoldNotYetImplemented(command: "check")
    }
}
