#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the schema sources looked like on disk (size, modification time, inode of each), so a
/// watcher can tell by a few `stat` calls whether the schema must be read again.
///
/// Covers `sqlheal.json`, the database and its `-wal` / `-journal` (a WAL commit changes only
/// the `-wal`), the migrations folder (a new or deleted file changes its listing) and every
/// migration file, plus the root's database candidates when the database is discovered.
public struct SchemaSourceStamp: Sendable, Hashable {
    public struct FileState: Sendable, Hashable {
        public var exists: Bool
        public var size: Int64
        public var modifiedNanoseconds: Int64
        public var inode: UInt64
    }

    /// Absolute paths, in a stable order.
    public let paths: [String]
    public let states: [FileState]
    /// The migration file names present, so an added file is seen even where the folder's
    /// modification time is coarse.
    public let migrationFileNames: [String]
    /// Schema files and source files whose code ran schema statements when the schema was read.
    public let sourceFiles: [String]

    /// The stamp of `configuration`'s sources, plus `sourceFiles` (the schema files and the code
    /// files a load read schema statements from).
    public static func current(for configuration: WorkspaceConfiguration, sourceFiles: [String] = []) -> SchemaSourceStamp {
        var paths = [WorkspacePath.join(configuration.root, WorkspaceConfiguration.fileName)]
        if let database = configuration.databasePath {
            paths.append(contentsOf: [database, database + "-wal", database + "-journal"])
        }
        if configuration.databaseSource == .discovered || configuration.databaseSource == .none {
            // A database appearing at the root or in db/, data/ (or a second one) changes discovery.
            for folder in WorkspaceConfiguration.databaseFolders {
                paths.append(folder.isEmpty ? configuration.root : WorkspacePath.join(configuration.root, folder))
            }
        }
        if configuration.migrationsSource == .none || configuration.migrationsSource == .discovered {
            // A migrations folder appearing (or filling) changes discovery.
            for candidate in WorkspaceConfiguration.migrationFolderCandidates {
                let path = WorkspacePath.join(configuration.root, candidate)
                if path != configuration.migrationsPath { paths.append(path) }
            }
        }
        var migrationFiles: [String] = []
        if let migrations = configuration.migrationsPath {
            paths.append(migrations)
            migrationFiles = MigrationLoader.migrationFiles(at: migrations)
            paths.append(contentsOf: migrationFiles)
        }
        let known = Set(paths)
        paths.append(contentsOf: sourceFiles.filter { !known.contains($0) })
        return SchemaSourceStamp(paths: paths, states: paths.map(Self.state(of:)), migrationFileNames: migrationFiles, sourceFiles: sourceFiles)
    }

    /// This stamp taken again now, over the same source files.
    public func refreshed(for configuration: WorkspaceConfiguration) -> SchemaSourceStamp {
        Self.current(for: configuration, sourceFiles: sourceFiles)
    }

    public static func state(of path: String) -> FileState {
        var info = stat()
        guard stat(path, &info) == 0 else { return FileState(exists: false, size: 0, modifiedNanoseconds: 0, inode: 0) }
        #if canImport(Darwin)
        let seconds = Int64(info.st_mtimespec.tv_sec)
        let nanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #else
        let seconds = Int64(info.st_mtim.tv_sec)
        let nanoseconds = Int64(info.st_mtim.tv_nsec)
        #endif
        return FileState(exists: true, size: Int64(info.st_size), modifiedNanoseconds: seconds * 1_000_000_000 + nanoseconds, inode: UInt64(info.st_ino))
    }

    /// The paths whose state differs between the two stamps (all of both when the lists differ).
    public func changedPaths(comparedWith other: SchemaSourceStamp) -> [String] {
        if paths != other.paths || migrationFileNames != other.migrationFileNames {
            return Array(Set(paths).union(other.paths)).sorted()
        }
        return zip(paths, zip(states, other.states)).compactMap { path, pair in pair.0 == pair.1 ? nil : path }
    }

    /// Whether `path` is one of the sources this stamp watches (a changed-file notification
    /// from an editor is matched against it).
    public func covers(_ path: String) -> Bool {
        let path = WorkspacePath.standardize(path)
        return paths.contains(path) || migrationFileNames.contains(path)
            || paths.contains(WorkspacePath.parent(path)) && path.lowercased().hasSuffix(".sql")
    }
}
