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

/// `--root DIR`, shared by every command that works on a project, and the one rule for it: the
/// root must be an existing folder (a symbolic link to one is fine). ArgumentParser calls
/// ``validate()`` while parsing, before any command runs, so a bad root ends every command the
/// same way (the reason on stderr, exit status 2) and nothing is read or written.
struct ProjectRootOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The project root: the folder holding sqlheal.json (default: the current folder).", valueName: "DIR"))
    var root: String?

    /// The root as an absolute, standardized path (an existing folder, see ``validate()``).
    var resolvedRoot: String {
        let base = FileManagerPaths.currentDirectory
        guard let root, !root.isEmpty else { return base }
        return FileManagerPaths.absolute(root, relativeTo: base)
    }

    func validate() throws {
        if let problem = Self.problem(withRoot: resolvedRoot) { throw ValidationError(problem) }
    }

    /// Why `path` cannot be a project root, or `nil` when it is an existing folder.
    static func problem(withRoot path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "the project root \(path) does not exist (--root must name the folder holding the project); nothing was read or written"
        }
        guard isDirectory.boolValue else {
            return "the project root \(path) is not a folder (--root must name the folder holding the project, not a file in it); nothing was read or written"
        }
        return nil
    }
}
