import ArgumentParser
import Foundation

/// The `sqlheal` executable: one engine, a language server and a command line.
/// Subcommands and their options follow `CONTRACT.md`; each lives in `Commands/`.
@main
struct SQLHealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sqlheal",
        abstract: "Finds, checks and heals the SQLite SQL inside JavaScript and TypeScript code.",
        discussion: """
            Run `sqlheal serve` from an editor (see editors/README.md), or `sqlheal check` in CI.
            Configuration is read from sqlheal.json at the project root; every key is optional.
            """,
        version: SQLHealVersion.current,
        subcommands: [
            ServeCommand.self,
            CheckCommand.self,
            FixCommand.self,
            RepairCommand.self,
            HistoryCommand.self,
            RollbackCommand.self,
            MCPCommand.self,
            WatchCommand.self,
            SchemaCommand.self,
            DebugQueriesCommand.self,
        ]
    )

    /// ArgumentParser's own `main`, except that usage errors exit with 2 as CONTRACT says
    /// (ArgumentParser uses 64, `EX_USAGE`).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

enum SQLHealVersion {
    static let current = "0.1.0"
}

/// `--root DIR`, shared by every command that works on a project.
struct ProjectRootOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The project root: the folder holding sqlheal.json (default: the current folder).", valueName: "DIR"))
    var root: String?

    /// The root as an absolute, standardized path.
    var resolvedRoot: String {
        let base = FileManagerPaths.currentDirectory
        guard let root, !root.isEmpty else { return base }
        return FileManagerPaths.absolute(root, relativeTo: base)
    }

    /// ``resolvedRoot``, after checking it exists: else `sqlheal COMMAND: the project root … does
    /// not exist` on stderr and exit status 2.
    func existingRoot(command: String) throws -> String {
        let root = resolvedRoot
        guard FileManager.default.fileExists(atPath: root) else {
            StandardError.write("sqlheal \(command): the project root \(root) does not exist\n")
            throw ExitCode(2)
        }
        return root
    }
}
