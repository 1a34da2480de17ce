import Foundation
import SQLHealAnalysis
import SQLHealWorkspace

/// A project folder made of the given files in a fresh temporary directory, removed on deinit.
final class TemporaryProject {
    let root: String

    init(_ files: [String: String] = [:]) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sqlheal-workspace-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        // Standardize through realpath so paths compare equal to what the code computes.
        root = WorkspacePath.standardize(base.resolvingSymlinksInPath().path)
        for (path, contents) in files {
            try write(path, contents)
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    func path(_ relative: String) -> String { WorkspacePath.join(root, relative) }

    func write(_ relative: String, _ contents: String) throws {
        try write(relative, bytes: Array(contents.utf8))
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path(relative))
    }

    /// Paths relative to the root.
    func relative(_ paths: [String]) -> [String] {
        paths.map { WorkspacePath.relative($0, to: root) ?? $0 }
    }
}

/// `path:line:column code` for a finding (one-based), compact for expectations.
func describe(_ finding: FileFinding, root: String) -> String {
    "\(WorkspacePath.display(finding.path, root: root)):\(finding.line1):\(finding.column1) \(finding.code.rawValue)"
}
