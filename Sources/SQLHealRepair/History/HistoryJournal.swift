import Foundation

/// The project's record of applied repairs and code fixes: `.sqlheal/` beside the project
/// (never a table in the user's database, which a rollback would then overwrite).
///
/// ```
/// .sqlheal/
///   .gitignore                    "*": backups stay out of version control
///   history/<id>.json             one ``HistoryEntry`` per applied change
///   backups/<id>/database.db      the verified database backup of a repair
///   backups/<id>/files/<relative> the originals of the files a code fix changed
/// ```
///
/// Entries are written atomically (temporary file + rename), so a crash never leaves half an
/// entry. An entry file that breaks ``refusal(ofEntryFile:)`` or ``refusal(of:configuredDatabasePath:)``
/// (a symbolic link, unreadable, paths outside the project) is never fatal and never hidden:
/// ``listing(configuredDatabasePath:)`` returns it as a ``RefusedEntry`` with the reason, `history`
/// shows it, and a rollback naming it is refused with that same reason.
///
/// Everything is read and written only inside the project's own `.sqlheal`: a `.sqlheal`,
/// `history`, `backups` (or backup folder) that is a symbolic link is refused, so a cloned
/// repository cannot send backups of the user's data, or a rollback's reads, somewhere else.
public struct HistoryJournal: Sendable {
    public let projectRoot: String

    public init(projectRoot: String) {
        self.projectRoot = URL(fileURLWithPath: projectRoot).standardizedFileURL.path
    }

    /// `<projectRoot>/.sqlheal`
    public var directory: String { projectRoot + "/.sqlheal" }
    /// `<projectRoot>/.sqlheal/history`
    public var historyDirectory: String { directory + "/history" }
    /// `<projectRoot>/.sqlheal/backups`
    public var backupsDirectory: String { directory + "/backups" }
    /// How a dry run names the backup the repair takes (``RepairPlan/dryRunText(backupDescription:)``).
    public var backupDescription: String { "a verified backup with SQLite's online backup API into \(backupsDirectory)/<id>/database.db" }

    /// A new, unique, time-sortable id: `20261126-163000-123-repair-3fa9`.
    public static func makeEntryID(kind: HistoryEntry.Kind, at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss-SSS"
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "\(formatter.string(from: date))-\(kind.rawValue)-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)"
    }

    /// Creates the entry's file, or replaces it (an entry is recorded when a repair starts and
    /// again with its result).
    public func record(_ entry: HistoryEntry) throws {
        try ensureDirectories()
        guard Self.isSafeIdentifier(entry.id) else { throw HistoryError.invalidEntryID(entry.id) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(entry)
        do {
            try data.write(to: URL(fileURLWithPath: entryPath(id: entry.id)), options: .atomic)
        } catch {
            throw HistoryError.cannotWrite(path: entryPath(id: entry.id), reason: error.localizedDescription)
        }
    }

    /// An entry file nothing acts on, and why (``refusal(ofEntryFile:)``, ``refusal(of:configuredDatabasePath:)``).
    public struct RefusedEntry: Sendable, Hashable {
        /// The file name without `.json` (the entry's id when it is a real one).
        public var id: String
        public var path: String
        public var reason: String
        /// The entry as read, when it could be read (its paths are what is refused).
        public var entry: HistoryEntry?
    }

    /// What `.sqlheal/history` holds: the entries (newest first, by timestamp then id), and the
    /// entry files refused, with why. `configuredDatabasePath`: the database the project configures
    /// now, which an entry may name even outside the project (see ``refusal(of:configuredDatabasePath:)``).
    public struct Listing: Sendable {
        public var entries: [HistoryEntry]
        public var refused: [RefusedEntry]
    }

    public func listing(configuredDatabasePath: String? = nil) throws -> Listing {
        try refuseSymbolicLinks(down: historyDirectory)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: historyDirectory)
        } catch {
            return Listing(entries: [], refused: [])  // no history yet
        }
        var entries: [HistoryEntry] = []
        var refused: [RefusedEntry] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = historyDirectory + "/" + name
            let id = String(name.dropLast(".json".count))
            switch readEntryFile(path, id: id) {
            case .failure(let reason):
                refused.append(RefusedEntry(id: id, path: path, reason: reason.text, entry: nil))
            case .success(let entry):
                if let reason = refusal(of: entry, configuredDatabasePath: configuredDatabasePath) {
                    refused.append(RefusedEntry(id: id, path: path, reason: reason, entry: entry))
                } else {
                    entries.append(entry)
                }
            }
        }
        return Listing(entries: entries.sorted { ($0.timestamp, $0.id) > ($1.timestamp, $1.id) }, refused: refused)
    }

    /// Every entry that is not refused, newest first (by timestamp, then id).
    public func entries(configuredDatabasePath: String? = nil) throws -> [HistoryEntry] {
        try listing(configuredDatabasePath: configuredDatabasePath).entries
    }

    /// The entry with this id, or the only one whose id starts with it (so `history`'s ids can
    /// be shortened); `nil` when none or several match. Throws ``HistoryError/entryRefused(id:reason:)``
    /// when the one match is a refused entry file.
    public func entry(id: String, configuredDatabasePath: String? = nil) throws -> HistoryEntry? {
        let listing = try listing(configuredDatabasePath: configuredDatabasePath)
        let ids = listing.entries.map(\.id) + listing.refused.map(\.id)
        let match = ids.contains(id) ? id : ids.filter { $0.hasPrefix(id) }.count == 1 ? ids.first { $0.hasPrefix(id) } : nil
        guard let match else { return nil }
        if let refused = listing.refused.first(where: { $0.id == match }) { throw HistoryError.entryRefused(id: refused.id, reason: refused.reason) }
        return listing.entries.first { $0.id == match }
    }

    // MARK: The rule for entry files

    struct EntryFileProblem: Error {
        var text: String
    }

    /// The first half of the one rule: an entry is read only from a regular file inside the
    /// project's own `.sqlheal/history` (never through a link), that decodes, and whose id is its
    /// file name (a copied file cannot pose as another entry).
    func readEntryFile(_ path: String, id: String) -> Result<HistoryEntry, EntryFileProblem> {
        if Self.isSymbolicLink(path) {
            return .failure(.init(text: "its file is a symbolic link: sqlheal reads history only from the project's own .sqlheal/history, never through a link"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.init(text: "its file cannot be read"))
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let entry = try? decoder.decode(HistoryEntry.self, from: data) else {
            return .failure(.init(text: "its file is not a history entry sqlheal can read"))
        }
        guard entry.id == id else {
            return .failure(.init(text: "its file is named \(id) but holds entry \(entry.id)"))
        }
        return .success(entry)
    }

    /// The second half of the one rule: a history entry is a file anyone can write (a cloned
    /// repository may carry one), so every path it names must resolve inside the project, and
    /// every backup inside this entry's own folder of `.sqlheal/backups`. The database the project
    /// configures (`configuredDatabasePath`) may lie outside: it was repaired after a confirmation
    /// naming it. `nil` when the entry is safe to act on.
    public func refusal(of entry: HistoryEntry, configuredDatabasePath: String?) -> String? {
        guard Self.isSafeIdentifier(entry.id) else { return "its id is not a plain name" }
        let backupFolder = backupsDirectory + "/" + entry.id
        do {
            try refuseSymbolicLinks(down: backupFolder)
        } catch {
            return "\(error)"
        }
        func backupProblem(_ path: String) -> String? {
            Self.isInside(path, folder: backupFolder) ? nil : "its backup \(path) is not inside \(backupFolder)"
        }
        func projectFileProblem(_ path: String, what: String) -> String? {
            Self.isInside(path, folder: projectRoot) && !Self.isInside(path, folder: directory)
                ? nil : "\(what) \(path) is outside the project \(projectRoot)"
        }
        if let database = entry.database {
            let isConfigured = configuredDatabasePath.map { Self.resolvedPath($0) == Self.resolvedPath(database.path) } ?? false
            if !isConfigured, let problem = projectFileProblem(database.path, what: "the database") { return problem }
            if let problem = backupProblem(database.backupPath) { return problem }
        }
        for file in entry.files {
            if let problem = projectFileProblem(file.originalPath, what: "the file") ?? backupProblem(file.backupPath) { return problem }
        }
        return nil
    }

    /// The newest repair journaled for the database at `databasePath`, whatever its outcome.
    public func latestRepair(ofDatabaseAt databasePath: String) throws -> HistoryEntry? {
        let target = URL(fileURLWithPath: databasePath).standardizedFileURL.path
        return try entries().first { $0.kind == .repair && $0.database?.path == target }
    }

    /// The folder holding the backups of one entry, created on demand.
    public func backupDirectory(forEntryID id: String) throws -> String {
        guard Self.isSafeIdentifier(id) else { throw HistoryError.invalidEntryID(id) }
        let path = backupsDirectory + "/" + id
        try ensureDirectory(path)
        return path
    }

    /// Where a repair's database backup goes.
    public func databaseBackupPath(forEntryID id: String) throws -> String {
        try backupDirectory(forEntryID: id) + "/database.db"
    }

    /// Copies the file at `path` into the entry's backup folder (keeping its path relative to the
    /// project root when it is inside it) and returns the record to put in ``HistoryEntry/files``;
    /// fill in ``HistoryEntry/FileRecord/contentHashAfterChange`` once the fix is written.
    public func backUpFile(at path: String, entryID: String) throws -> HistoryEntry.FileRecord {
        let original = URL(fileURLWithPath: path).standardizedFileURL.path
        let relative: String
        if original.hasPrefix(projectRoot + "/") {
            relative = String(original.dropFirst(projectRoot.count + 1))
        } else {
            relative = "outside-root" + original
        }
        let backupPath = try backupDirectory(forEntryID: entryID) + "/files/" + relative
        try ensureDirectory((backupPath as NSString).deletingLastPathComponent)
        guard let contents = FileManager.default.contents(atPath: original) else {
            throw HistoryError.cannotRead(path: original)
        }
        do {
            try contents.write(to: URL(fileURLWithPath: backupPath), options: .atomic)
        } catch {
            throw HistoryError.cannotWrite(path: backupPath, reason: error.localizedDescription)
        }
        return HistoryEntry.FileRecord(originalPath: original, backupPath: backupPath)
    }

    func entryPath(id: String) -> String { historyDirectory + "/" + id + ".json" }

    private func ensureDirectories() throws {
        try ensureDirectory(historyDirectory)
        try ensureDirectory(backupsDirectory)
        let ignorePath = directory + "/.gitignore"
        if !FileManager.default.fileExists(atPath: ignorePath) {
            // Backups hold user data: keep them out of commits by default.
            try? Data("# sqlheal history and backups (see `sqlheal history`)\n*\n".utf8)
                .write(to: URL(fileURLWithPath: ignorePath), options: .atomic)
        }
    }

    private func ensureDirectory(_ path: String) throws {
        try refuseSymbolicLinks(down: path)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw HistoryError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    /// Throws when `.sqlheal` or any folder below it on the way to `path` is a symbolic link.
    func refuseSymbolicLinks(down path: String) throws {
        guard path == directory || path.hasPrefix(directory + "/") else { return }
        var current = directory
        let below = path.dropFirst(directory.count).split(separator: "/")
        for component in [""] + below.map(String.init) {
            if !component.isEmpty { current += "/" + component }
            if Self.isSymbolicLink(current) { throw HistoryError.symbolicLink(path: current) }
        }
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
    }

    /// `path` with `..` removed and every symbolic link of its existing part resolved.
    static func resolvedPath(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL.path
        var rest: [String] = []
        while existing != "/" && !existing.isEmpty {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                return ([String(cString: real)] + rest.reversed()).joined(separator: "/")
            }
            rest.append((existing as NSString).lastPathComponent)
            existing = (existing as NSString).deletingLastPathComponent
        }
        return path
    }

    /// True when `path` resolves to somewhere strictly inside `folder` (resolved the same way).
    static func isInside(_ path: String, folder: String) -> Bool {
        let resolvedFolder = resolvedPath(folder)
        return resolvedPath(path).hasPrefix(resolvedFolder.hasSuffix("/") ? resolvedFolder : resolvedFolder + "/")
    }

    /// Ids become file names: letters, digits, `-`, `_`, `.` only, and no `..`.
    static func isSafeIdentifier(_ id: String) -> Bool {
        !id.isEmpty && !id.contains("..") && id.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }
}

public enum HistoryError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String)
    case invalidEntryID(String)
    /// `.sqlheal` (or a folder in it) is a symbolic link: history stays in the project's own folder.
    case symbolicLink(path: String)
    /// An entry file that breaks the journal's rule (``HistoryJournal/RefusedEntry``).
    case entryRefused(id: String, reason: String)

    public var description: String {
        switch self {
        case .symbolicLink(let path): "\(path) is a symbolic link: sqlheal keeps history and backups only in the project's own .sqlheal folder, never through a link (remove the link; nothing was written there)"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .cannotRead(let path): "cannot read \(path)"
        case .invalidEntryID(let id): "invalid history id '\(id)'"
        case .entryRefused(let id, let reason): "history entry \(id) is refused: \(reason)"
        }
    }
}
