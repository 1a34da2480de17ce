#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Something worth telling the user about a file that was skipped or only partly read.
/// Never an error: one odd file must not stop a project check.
public struct WorkspaceNote: Sendable, Hashable, CustomStringConvertible {
    /// Absolute path of the file or folder the note is about, when it is about one.
    public var path: String?
    public var message: String

    public init(path: String?, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.map { "\($0): \(message)" } ?? message }
}

/// Which files a project scan reads.
public struct FileDiscoveryRules: Sendable, Hashable {
    public var include: [GlobPattern]
    public var exclude: [GlobPattern]
    /// Honour `.gitignore` files (the root's and every nested one).
    public var usesGitIgnore: Bool

    public init(include: [GlobPattern], exclude: [GlobPattern], usesGitIgnore: Bool = true) {
        self.include = include
        self.exclude = exclude
        self.usesGitIgnore = usesGitIgnore
    }

    public static let defaultIncludePatterns = ["**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"]
    public static let defaultExcludePatterns = ["node_modules/**", "dist/**", "build/**"]
    /// Folders never entered whatever the configuration says: version control internals and
    /// dependency folders at any depth (a monorepo's `packages/a/node_modules`).
    public static let alwaysSkippedFolderNames: Set<String> = [".git", ".hg", ".svn", "node_modules"]

    public static let `default` = FileDiscoveryRules(
        include: defaultIncludePatterns.map { GlobPattern($0) },
        exclude: defaultExcludePatterns.map { GlobPattern($0) }
    )

    /// Whether a file (not a folder) the walk reached is part of the project, ignoring
    /// `.gitignore`: for a file the editor opened, or a path given on the command line.
    public func includes(relativePath: String) -> Bool {
        let segments = GlobPattern.segments(of: relativePath)
        return include.contains { $0.matches(segments: segments) } && !exclude.contains { $0.matches(segments: segments) }
    }
}

/// The files a scan will read, in a stable order, and what was skipped along the way.
public struct DiscoveredFiles: Sendable {
    /// Absolute paths, sorted.
    public var files: [String]
    public var notes: [WorkspaceNote]
    /// Every folder the walk listed, sorted: a file added, removed or renamed in one of them
    /// changes its modification time, which is how a poller notices new files.
    public var walkedDirectories: [String] = []
}

/// Walks a project folder and lists its source files.
///
/// Symbolic links to folders are not followed (no cycles, no walking out of the project);
/// links to files are. Only regular files are listed, so a FIFO or device in the tree can never
/// block the scan. Unreadable folders become notes.
public enum FileDiscovery {
    /// Folders deeper than this are not entered (a pathological tree must not recurse forever).
    public static let maximumDepth = 64

    public static func discover(root: String, rules: FileDiscoveryRules, limitTo requestedPaths: [String]? = nil) -> DiscoveredFiles {
        var files: [String] = []
        var notes: [WorkspaceNote] = []
        var walkedDirectories: [String] = []
        let rootPath = WorkspacePath.standardize(root)

        // The ancestors' .gitignore files of a requested sub-folder still apply.
        func stack(forDirectory relative: String) -> GitIgnoreStack {
            var stack = GitIgnoreStack()
            guard rules.usesGitIgnore else { return stack }
            stack = stack.pushing(readGitIgnore(directory: rootPath, relative: ""))
            var partial = ""
            for segment in relative.split(separator: "/") {
                partial = partial.isEmpty ? String(segment) : partial + "/" + segment
                stack = stack.pushing(readGitIgnore(directory: WorkspacePath.join(rootPath, partial), relative: partial))
            }
            return stack
        }

        func walk(directory relative: String, ignores: GitIgnoreStack, depth: Int) {
            let absolute = relative.isEmpty ? rootPath : WorkspacePath.join(rootPath, relative)
            guard depth < maximumDepth else {
                notes.append(WorkspaceNote(path: absolute, message: "folder nested more than \(maximumDepth) levels deep; not scanned"))
                return
            }
            let ignores = rules.usesGitIgnore ? ignores.pushing(readGitIgnore(directory: absolute, relative: relative)) : ignores
            guard let entries = listDirectory(absolute) else {
                notes.append(WorkspaceNote(path: absolute, message: "cannot read this folder (\(lastErrorDescription())); skipped"))
                return
            }
            walkedDirectories.append(absolute)
            for entry in entries.sorted() {
                let childRelative = relative.isEmpty ? entry : relative + "/" + entry
                let childAbsolute = WorkspacePath.join(rootPath, childRelative)
                guard let kind = FileKind.of(childAbsolute) else { continue }
                switch kind {
                case .directory:
                    if FileDiscoveryRules.alwaysSkippedFolderNames.contains(entry) { continue }
                    if rules.exclude.contains(where: { $0.matchesEverythingInside(childRelative) }) { continue }
                    if ignores.isIgnored(childRelative, isDirectory: true) { continue }
                    walk(directory: childRelative, ignores: ignores, depth: depth + 1)
                case .regularFile:
                    guard rules.includes(relativePath: childRelative) else { continue }
                    if ignores.isIgnored(childRelative, isDirectory: false) { continue }
                    files.append(childAbsolute)
                case .other, .symbolicLinkToDirectory:
                    continue
                }
            }
        }

        if let requestedPaths, !requestedPaths.isEmpty {
            for requested in requestedPaths {
                let absolute = WorkspacePath.standardize(requested)
                guard let relative = WorkspacePath.relative(absolute, to: rootPath) else {
                    notes.append(WorkspaceNote(path: absolute, message: "outside the project root \(rootPath); skipped"))
                    continue
                }
                switch FileKind.of(absolute) {
                case .directory?:
                    walk(directory: relative, ignores: stack(forDirectory: parentOf(relative)), depth: 0)
                case .regularFile?:
                    // A file named on the command line is checked even when a glob would skip it,
                    // as long as it is a language sqlheal reads.
                    if SourceFileReader.isSourceFileName(absolute) {
                        files.append(absolute)
                    } else {
                        notes.append(WorkspaceNote(path: absolute, message: "not a JavaScript or TypeScript file; skipped"))
                    }
                case .other?, .symbolicLinkToDirectory?:
                    notes.append(WorkspaceNote(path: absolute, message: "not a regular file; skipped"))
                case nil:
                    notes.append(WorkspaceNote(path: absolute, message: "no such file or folder"))
                }
            }
        } else {
            walk(directory: "", ignores: GitIgnoreStack(), depth: 0)
        }
        var seen = Set<String>()
        files = files.filter { seen.insert($0).inserted }.sorted()
        return DiscoveredFiles(files: files, notes: notes, walkedDirectories: Array(Set(walkedDirectories)).sorted())
    }

    private static func parentOf(_ relative: String) -> String {
        guard let slash = relative.lastIndex(of: "/") else { return "" }
        return String(relative[..<slash])
    }

    private static func readGitIgnore(directory: String, relative: String) -> GitIgnoreRules? {
        let path = WorkspacePath.join(directory, ".gitignore")
        guard FileKind.of(path) == .regularFile, case .success(let bytes) = FileBytes.read(path, maximumSize: 1 << 20) else { return nil }
        return GitIgnoreRules(text: String(decoding: bytes, as: UTF8.self), baseDirectory: relative)
    }

    static func listDirectory(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names
    }
}

func lastErrorDescription() -> String {
    String(cString: strerror(errno))
}

/// What a path is, by `lstat`/`stat`, without opening it.
enum FileKind: Sendable, Hashable {
    case regularFile
    case directory
    case symbolicLinkToDirectory
    case other

    static func of(_ path: String) -> FileKind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK {
            var target = stat()
            guard stat(path, &target) == 0 else { return .other }
            let targetType = target.st_mode & S_IFMT
            if targetType == S_IFDIR { return .symbolicLinkToDirectory }
            return targetType == S_IFREG ? .regularFile : .other
        }
        if type == S_IFDIR { return .directory }
        if type == S_IFREG { return .regularFile }
        return .other
    }
}
