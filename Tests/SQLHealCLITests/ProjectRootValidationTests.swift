import Foundation
import Testing

/// `--root` follows one rule in every command (issue 16): it must name an existing folder. A
/// plain file or a missing path is a usage error: the reason on stderr, exit status 2, and
/// nothing read or written (no `.sqlheal` appears anywhere, no database is created).
@Suite("--root: one rule for every command")
struct ProjectRootValidationTests {
    /// Every command that takes `--root`, with the arguments it needs to get that far.
    static let commands: [[String]] = [
        ["check"], ["fix"], ["fix", "--dry-run"], ["repair", "--yes"], ["repair", "--dry-run"], ["history"], ["rollback"],
        ["watch", "--interval", "1"], ["schema"], ["mcp"],
    ]

    enum BadRoot: String, CaseIterable {
        case plainFile = "a plain file"
        case missing = "a missing path"
    }

    @Test(arguments: commands, BadRoot.allCases)
    func aRootThatIsNotAFolderIsAUsageErrorAndNothingIsWritten(command: [String], badRoot: BadRoot) throws {
        let folder = NSTemporaryDirectory() + "sqlheal-root-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A project beside the bad root, so that a command ignoring the rule would find work to do.
        try #"{ "database": "app.db" }"#.write(toFile: folder + "/sqlheal.json", atomically: true, encoding: .utf8)
        let root: String
        switch badRoot {
        case .plainFile:
            root = folder + "/sqlheal.json"
        case .missing:
            root = folder + "/no-such-folder"
        }
        let before = try FileManager.default.subpathsOfDirectory(atPath: folder).sorted()

        let run = try RepairCommandTrustTests.run(command + ["--root", root], timeout: .seconds(30))

        #expect(!run.timedOut, "\(command) with --root \(badRoot.rawValue) kept running")
        #expect(run.status == 2, "\(command) with --root \(badRoot.rawValue): status \(run.status)\n\(run.output)\n\(run.errors)")
        let reason = badRoot == .plainFile ? "is not a folder" : "does not exist"
        #expect(run.errors.contains("the project root \(root) \(reason)"), "\(command): \(run.errors)")
        #expect(run.output.isEmpty, "\(command) printed on stdout: \(run.output)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: folder).sorted() == before, "\(command) wrote beside the root")
    }

    @Test func aFolderAndASymbolicLinkToOneAreAccepted() throws {
        let folder = NSTemporaryDirectory() + "sqlheal-root-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/project", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: folder + "/project")
        for root in [folder + "/project", folder + "/link"] {
            let run = try RepairCommandTrustTests.run(["schema", "--root", root], timeout: .seconds(30))
            #expect(run.status == 0, "\(root): \(run.errors)")
        }
    }
}
