import Foundation

/// `node --check FILE`: Node parses the file without running it. Used by `sqlheal fix` on
/// `.js`, `.mjs` and `.cjs` files when a `node` executable is on `PATH` (Node resolves ESM vs
/// CommonJS from the file's own `package.json`, so the check runs on the file in place).
struct NodeSyntaxCheck: Sendable {
    let executablePath: String

    static let checkedExtensions: Set<String> = ["js", "mjs", "cjs"]

    /// The `node` found on `PATH`, or `nil`.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> NodeSyntaxCheck? {
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/node"
            if FileManager.default.isExecutableFile(atPath: candidate) { return NodeSyntaxCheck(executablePath: candidate) }
        }
        return nil
    }

    func applies(to path: String) -> Bool {
        Self.checkedExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// `nil` when Node accepts the file, else what it said (its first lines).
    func problem(checking path: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = ["--check", path]
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "cannot run \(executablePath): \(error.localizedDescription)"
        }
        // Read before waiting: a full pipe would block node.
        let errorData = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason != .exit || process.terminationStatus != 0 else { return nil }
        let lines = String(decoding: errorData, as: UTF8.self).split(separator: "\n").prefix(6).joined(separator: "\n")
        return lines.isEmpty ? "node --check exited with status \(process.terminationStatus)" : lines
    }
}
