/// The projects inside a folder an editor opened: VS Code, Emacs and Helix send the folder the
/// user opened or the repository root, which may hold one app deeper down, or several.
///
/// A file belongs to the nearest folder above it holding `sqlheal.json`; else the nearest one
/// holding a schema source (a database file in it or its `db/`, `data/`; a SQL migrations folder
/// of the common tools; `schema.sql`, `db/schema.sql`); else the nearest holding `package.json`.
/// ``find(in:)`` lists the folders that can win for some file, so that a file's project is the
/// innermost of them above it; a file under none of them belongs to no project (syntax only).
public enum ProjectRoots {
    public enum Marker: Int, Sendable, Comparable {
        case packageJSON = 0
        case schemaSource = 1
        case configuration = 2

        public static func < (lhs: Marker, rhs: Marker) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// How deep below the opened folder projects are looked for, and how many folders at most
    /// are listed (a huge tree must not stall the editor's start).
    public static let maximumDepth = 6
    public static let maximumFolders = 4_000

    /// The project roots inside `folder` (absolute, standardized), outermost first. When no
    /// folder inside is marked, `folder` itself is the one project (as before nested projects
    /// were looked for).
    public static func find(in folder: String) -> [String] {
        let folder = WorkspacePath.standardize(folder)
        var marked: [(path: String, marker: Marker, isPackage: Bool)] = []
        var queue: [(path: String, depth: Int)] = [(folder, 0)]
        var listed = 0
        while !queue.isEmpty, listed < maximumFolders {
            let (path, depth) = queue.removeFirst()
            guard let names = FileDiscovery.listDirectory(path) else { continue }
            listed += 1
            let nameSet = Set(names)
            if let marker = marker(of: path, names: nameSet) {
                marked.append((path, marker, nameSet.contains("package.json") || nameSet.contains(WorkspaceConfiguration.fileName)))
            }
            guard depth < maximumDepth else { continue }
            for name in names.sorted() where !name.hasPrefix(".") && !skippedFolderNames.contains(name) {
                let child = WorkspacePath.join(path, name)
                if FileKind.of(child) == .directory { queue.append((child, depth + 1)) }
            }
        }
        // A folder wins for some file only if no folder above it holds a stronger marker: under
        // a sqlheal.json, a package.json or a schema source does not start a project of its own.
        // A schema source below a project that is not a package itself (`prisma/`, `db/`) is part
        // of that project.
        let roots = marked.filter { candidate in
            !marked.contains { other in
                guard other.path != candidate.path, isInside(candidate.path, other.path) else { return false }
                return other.marker > candidate.marker || (other.marker >= candidate.marker && !candidate.isPackage)
            }
        }.map(\.path)
        return roots.isEmpty ? [folder] : roots.sorted { $0.count < $1.count || ($0.count == $1.count && $0 < $1) }
    }

    /// What makes `path` a project root, the strongest marker first.
    public static func marker(of path: String, names: Set<String>) -> Marker? {
        if names.contains(WorkspaceConfiguration.fileName) { return .configuration }
        if holdsSchemaSource(path, names: names) { return .schemaSource }
        if names.contains("package.json") { return .packageJSON }
        return nil
    }

    static func holdsSchemaSource(_ path: String, names: Set<String>) -> Bool {
        if names.contains("schema.sql") { return true }
        if names.contains(where: WorkspaceConfiguration.isDatabaseFileName) { return true }
        for folder in ["db", "data"] where names.contains(folder) {
            let nested = WorkspacePath.join(path, folder)
            if let inside = FileDiscovery.listDirectory(nested), inside.contains(where: { WorkspaceConfiguration.isDatabaseFileName($0) || $0 == "schema.sql" }) {
                return true
            }
        }
        let firstSegments = Set(WorkspaceConfiguration.migrationFolderCandidates.compactMap { $0.split(separator: "/").first.map(String.init) })
        guard !names.isDisjoint(with: firstSegments) else { return false }
        return WorkspaceConfiguration.discoverMigrations(root: path) != nil
    }

    static let skippedFolderNames: Set<String> = FileDiscoveryRules.alwaysSkippedFolderNames.union(["dist", "build", "out", "coverage", "vendor", "target"])

    static func isInside(_ path: String, _ ancestor: String) -> Bool {
        path.hasPrefix(ancestor.hasSuffix("/") ? ancestor : ancestor + "/")
    }
}
