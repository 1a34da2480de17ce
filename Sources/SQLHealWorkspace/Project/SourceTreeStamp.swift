/// What a project's source files and folders looked like on disk, so a poller can tell with
/// `stat` calls alone which files to check again, for editors that cannot watch files for us.
///
/// Files are compared by size, modification time and inode (an editor's save-by-rename changes
/// the inode). Folders are compared the same way, with their `.gitignore`: a file added, removed
/// or renamed changes its folder's modification time, and then the caller lists the project again
/// (``ProjectWorkspace/discoverFiles(limitTo:)``) and compares the lists.
///
/// Take the stamp **before** reading the files it describes: a write after the `stat` is then
/// seen by the next comparison, never lost between the two.
public struct SourceTreeStamp: Sendable, Hashable {
    public typealias FileState = SchemaSourceStamp.FileState

    /// Absolute path of each project file, and its state.
    public private(set) var files: [String: FileState]
    /// Absolute path of each walked folder and of its `.gitignore`, and their states.
    public private(set) var listings: [String: FileState]

    /// Stamps the files and folders of a discovery, now.
    public static func current(of discovered: DiscoveredFiles) -> SourceTreeStamp {
        var files: [String: FileState] = [:]
        files.reserveCapacity(discovered.files.count)
        for path in discovered.files { files[path] = SchemaSourceStamp.state(of: path) }
        return SourceTreeStamp(files: files, listings: stampListings(of: discovered.walkedDirectories))
    }

    /// What differs on disk from this stamp.
    public struct Changes: Sendable, Hashable {
        /// Files whose size, modification time or inode changed, sorted.
        public var modifiedFiles: [String] = []
        /// Files that are gone (or are no longer regular files), sorted.
        public var removedFiles: [String] = []
        /// A walked folder or its `.gitignore` changed: the project must be listed again to
        /// learn of new files (and of files a new ignore rule drops).
        public var listingChanged = false

        public var isEmpty: Bool { modifiedFiles.isEmpty && removedFiles.isEmpty && !listingChanged }
    }

    /// Compares the disk with this stamp; `refreshed` is this stamp with the states just read,
    /// so each change is reported once.
    public func changesOnDisk() -> (changes: Changes, refreshed: SourceTreeStamp) {
        var changes = Changes()
        var refreshed = self
        for (path, before) in files {
            let now = SchemaSourceStamp.state(of: path)
            guard now != before else { continue }
            if now.exists {
                changes.modifiedFiles.append(path)
                refreshed.files[path] = now
            } else {
                changes.removedFiles.append(path)
                refreshed.files[path] = nil
            }
        }
        for (path, before) in listings {
            let now = SchemaSourceStamp.state(of: path)
            guard now != before else { continue }
            changes.listingChanged = true
            refreshed.listings[path] = now
        }
        changes.modifiedFiles.sort()
        changes.removedFiles.sort()
        return (changes, refreshed)
    }

    /// This stamp after the project was listed again: files that left the listing are dropped,
    /// new files are stamped now (before the caller reads them), and the folders are the new
    /// walk's. Known folders keep the states `changesOnDisk` read before the walk, and new ones
    /// start as unknown, so a file created during the walk is found by the next poll.
    public func relisted(as discovered: DiscoveredFiles) -> (stamp: SourceTreeStamp, addedFiles: [String], droppedFiles: [String]) {
        let now = Set(discovered.files)
        let dropped = files.keys.filter { !now.contains($0) }.sorted()
        var updated = self
        for path in dropped { updated.files[path] = nil }
        var added: [String] = []
        for path in discovered.files where files[path] == nil {
            updated.files[path] = SchemaSourceStamp.state(of: path)
            added.append(path)
        }
        var listings: [String: FileState] = [:]
        for path in Self.listingPaths(of: discovered.walkedDirectories) {
            listings[path] = self.listings[path] ?? Self.unknown
        }
        updated.listings = listings
        return (updated, added, dropped)
    }

    /// How many `stat` calls one comparison makes.
    public var statCount: Int { files.count + listings.count }

    private static let unknown = FileState(exists: false, size: -1, modifiedNanoseconds: -1, inode: 0)

    private static func listingPaths(of directories: [String]) -> [String] {
        directories.flatMap { [$0, WorkspacePath.join($0, ".gitignore")] }
    }

    private static func stampListings(of directories: [String]) -> [String: FileState] {
        var listings: [String: FileState] = [:]
        for path in listingPaths(of: directories) { listings[path] = SchemaSourceStamp.state(of: path) }
        return listings
    }
}
