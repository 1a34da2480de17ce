import Foundation
import SQLHealAnalysis
import SQLHealSQLite
import SQLHealWorkspace

/// A generated project (2,000 source files, 40 migrations, a WAL database) through the
/// workspace: discovery with `.gitignore`, loading the schema (database read-only plus the
/// migrations, with drift), and the parallel whole-project check `sqlheal check` runs.
///
/// `swift run -c release SQLHealBenchmarks workspace`
struct WorkspaceBenchmarks: BenchmarkSuite {
    let name = "workspace"

    var benchmarks: [Benchmark] {
        let project = WorkspaceBenchmarkProject.shared
        return [
            Benchmark(name: "discover \(WorkspaceBenchmarkProject.fileCount) files (globs, .gitignore)", iterations: 10) {
                _ = ProjectWorkspace.load(root: project.root).discoverFiles().files.count
                return 0
            },
            // What the server's poller costs each second for a client that cannot watch files.
            Benchmark(name: "poll \(WorkspaceBenchmarkProject.fileCount) source files for changes (stat only)", iterations: 20) {
                _ = project.sourceTreeStamp.changesOnDisk().changes.isEmpty
                return 0
            },
            Benchmark(name: "load schema: database + \(WorkspaceBenchmarkProject.migrationCount) migrations", iterations: 10) {
                _ = ProjectWorkspace.load(root: project.root).schema.context.checkedSchema.tables.count
                return 0
            },
            Benchmark(name: "check \(WorkspaceBenchmarkProject.fileCount) files on all cores", iterations: 3) {
                // As `sqlheal check` loads it: the load's files shared with the scan.
                let workspace = ProjectWorkspace.load(root: project.root, options: .init(keepsSources: true))
                let scan = workspace.scanProject()
                _ = scan.findings.count
                return project.sourceBytes
            },
        ]
    }
}

final class WorkspaceBenchmarkProject: @unchecked Sendable {
    static let fileCount = 2_000
    static let migrationCount = 40
    static let shared = WorkspaceBenchmarkProject()

    let root: String
    private(set) var sourceBytes = 0
    /// The project as a scan stamps it for the source poller.
    private(set) lazy var sourceTreeStamp = SourceTreeStamp.current(of: ProjectWorkspace.load(root: root).discoverFiles())

    private init() {
        root = NSTemporaryDirectory() + "sqlheal-workspace-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        let manager = FileManager.default
        try? manager.createDirectory(atPath: root + "/migrations", withIntermediateDirectories: true)
        try? manager.createDirectory(atPath: root + "/node_modules/dep", withIntermediateDirectories: true)
        try? "ignored/\n*.gen.js\n".write(toFile: root + "/.gitignore", atomically: true, encoding: .utf8)
        try? #"{ "database": "app.db" }"#.write(toFile: root + "/sqlheal.json", atomically: true, encoding: .utf8)
        var ddl: [String] = []
        for table in 0..<Self.migrationCount {
            let create = "CREATE TABLE t\(table) (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL,\n  owner_id INTEGER,\n  created_at TEXT\n);\n"
            ddl.append(create)
            try? create.write(toFile: root + "/migrations/\(table + 1)_t\(table).sql", atomically: true, encoding: .utf8)
        }
        if let database = try? SQLiteConnection(path: root + "/app.db", mode: .readWriteCreate) {
            try? database.execute("PRAGMA journal_mode=WAL")
            try? database.execute(ddl.dropLast().joined())
        }
        for file in 0..<Self.fileCount {
            let folder = root + "/src/module\(file % 50)"
            try? manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var text = "import { db } from '../db.js';\n\n"
            for query in 0..<5 {
                let table = (file + query) % Self.migrationCount
                text += "export function q\(query)(id) {\n  return db.all('SELECT id, name, owner_id FROM t\(table) WHERE owner_id = ?', [id]);\n}\n\n"
                text += String(repeating: "// filler line to make a realistic file size\n", count: 15)
            }
            sourceBytes += text.utf8.count
            try? text.write(toFile: folder + "/file\(file).ts", atomically: true, encoding: .utf8)
        }
        try? "export const x = 1;\n".write(toFile: root + "/node_modules/dep/index.js", atomically: true, encoding: .utf8)
    }
}
