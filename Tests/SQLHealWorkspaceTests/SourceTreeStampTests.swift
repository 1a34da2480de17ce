import Foundation
import Testing
@testable import SQLHealWorkspace

/// The poller for editors that cannot watch files: what one round of `stat` calls reports after
/// each kind of change on disk, and what listing the project again adds or drops.
@Suite("Source tree stamp")
struct SourceTreeStampTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var change: @Sendable (TemporaryProject) throws -> Void
        var modified: [String] = []
        var removed: [String] = []
        var listingChanged = false
        /// After listing again (only when the listing changed).
        var added: [String] = []
        var dropped: [String] = []
    }

    static let cases: [Case] = [
        Case(description: "nothing changed", change: { _ in }),
        Case(description: "a file rewritten in place", change: { try $0.write("src/a.js", "db.all('SELECT 2');\n") }, modified: ["src/a.js"]),
        Case(description: "a file saved by rename (new inode)", change: { project in
            try project.write("src/b.js.tmp", "db.all('SELECT 3');\n")
            try FileManager.default.removeItem(atPath: project.path("src/b.js"))
            try FileManager.default.moveItem(atPath: project.path("src/b.js.tmp"), toPath: project.path("src/b.js"))
        }, modified: ["src/b.js"], listingChanged: true),
        Case(description: "a file deleted", change: { try $0.remove("src/a.js") }, removed: ["src/a.js"], listingChanged: true),
        Case(description: "a file added", change: { try $0.write("src/c.ts", "") }, listingChanged: true, added: ["src/c.ts"]),
        Case(description: "a file added in a new folder", change: { try $0.write("src/deep/d.js", "") }, listingChanged: true, added: ["src/deep/d.js"]),
        Case(description: "a file that is not source added", change: { try $0.write("src/notes.md", "") }, listingChanged: true),
        Case(description: "a new ignore rule", change: { try $0.write(".gitignore", "src/b.js\n") }, listingChanged: true, dropped: ["src/b.js"]),
        Case(description: "an ignored folder's contents", change: { try $0.write("node_modules/pkg/index.js", "") }),
    ]

    @Test(arguments: cases)
    func reportsWhatChanged(_ testCase: Case) throws {
        let project = try TemporaryProject([
            "src/a.js": "db.all('SELECT 1');\n",
            "src/b.js": "db.all('SELECT 1');\n",
            "node_modules/pkg/main.js": "",
        ])
        let rules = FileDiscoveryRules.default
        let discovered = FileDiscovery.discover(root: project.root, rules: rules)
        #expect(project.relative(discovered.files) == ["src/a.js", "src/b.js"])
        #expect(discovered.walkedDirectories == [project.root, project.path("src")])
        let stamp = SourceTreeStamp.current(of: discovered)
        // Modification times are nanoseconds here, but a coarse file system must not make the
        // test pass by luck: wait past one clock tick of the coarsest common one.
        Thread.sleep(forTimeInterval: 0.01)

        try testCase.change(project)
        let (changes, refreshed) = stamp.changesOnDisk()
        #expect(project.relative(changes.modifiedFiles) == testCase.modified)
        #expect(project.relative(changes.removedFiles) == testCase.removed)
        #expect(changes.listingChanged == testCase.listingChanged)
        // Each change is reported once.
        #expect(refreshed.changesOnDisk().changes.isEmpty)

        guard changes.listingChanged else { return }
        let relisted = refreshed.relisted(as: FileDiscovery.discover(root: project.root, rules: rules))
        #expect(project.relative(relisted.addedFiles) == testCase.added)
        #expect(project.relative(relisted.droppedFiles) == testCase.dropped)
        // A folder first seen by the new listing is listed once more (a file created while the
        // walk ran is not lost); after that the tree is quiet.
        let followUp = relisted.stamp.changesOnDisk()
        #expect(followUp.changes.listingChanged == testCase.added.contains { $0.hasPrefix("src/deep/") })
        #expect(followUp.refreshed.changesOnDisk().changes.isEmpty)
    }
}
