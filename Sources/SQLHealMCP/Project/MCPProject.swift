import Foundation
import SQLHealWorkspace
import Synchronization

/// The one project `sqlheal mcp` serves, loaded exactly as `sqlheal check` loads it
/// (``ProjectWorkspace/load(root:options:)``).
///
/// Before each tool call the schema sources are stat'ed (``SchemaSourceStamp``): when an agent
/// has just written a migration or the database changed, the project is loaded again, so no
/// answer is given against a schema that is no longer there. Source files are read afresh by
/// every scan anyway.
public final class MCPProject: Sendable {
    public let root: String
    private let loaded: Mutex<ProjectWorkspace?>

    public init(root: String) {
        self.root = WorkspacePath.standardize(root)
        self.loaded = Mutex(nil)
    }

    /// The project as its sources are now.
    public func workspace() -> ProjectWorkspace {
        loaded.withLock { current in
            if let current, SchemaSourceStamp.current(for: current.configuration).changedPaths(comparedWith: current.stamp).isEmpty {
                return current
            }
            let fresh = ProjectWorkspace.load(root: root)
            current = fresh
            return fresh
        }
    }

    /// An absolute, standardized path for a path an agent gave: relative ones are relative to
    /// the project root. Refuses paths outside the project (`..` included) and paths that do
    /// not exist, naming the root so the agent can correct itself.
    public static func resolve(_ path: String, root: String, toolName: String) throws -> String {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ToolInputError("\(toolName): an empty path was given") }
        let absolute = WorkspacePath.standardize(trimmed.hasPrefix("/") ? trimmed : root + "/" + trimmed)
        guard absolute == root || absolute.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw ToolInputError("\(toolName): \(path) is outside the project \(root); give a path inside it (relative paths are relative to the project root)")
        }
        guard FileManager.default.fileExists(atPath: absolute) else {
            throw ToolInputError("\(toolName): \(WorkspacePath.display(absolute, root: root)) does not exist in the project \(root)")
        }
        // A symbolic link inside the project may lead out of it.
        let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        let realPath = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        guard realPath == realRoot || realPath.hasPrefix(realRoot + "/") else {
            throw ToolInputError("\(toolName): \(path) leads outside the project \(root) (a symbolic link)")
        }
        return absolute
    }
}
