import ArgumentParser

struct FixCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Applies the safe code fixes to files on disk, with a backup of each file.",
        discussion: "Each fixed file is syntax-checked afterwards and restored if the check fails. `sqlheal rollback` undoes a fix run."
    )

    @Argument(help: ArgumentHelp("Files or folders to fix (default: the whole project).", valueName: "PATH"))
    var paths: [String] = []

    @OptionGroup var project: ProjectRootOptions

    @Flag(name: .long, help: "Print a unified diff of the fixes instead of writing files.")
    var dryRun = false

    func run() async throws {
        throw ScaffoldNotYetImplemented(command: "fix")
    }
}
