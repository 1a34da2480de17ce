import Foundation
import SQLHealAnalysis

/// The project model of modules: an edit to a file that exports a constant (a table name used
/// by 200 queries in 50 files of a 2,000-file project) and everything the server then does for
/// its dependents: update the index, find the dependents, resolve each one's imports, analyse it
/// (the constant changed, so every one of the 200 statements is prepared again) and convert its
/// findings to lines. One thread, so the number is an upper bound of the server's wall time.
///
/// `swift run -c release SQLHealBenchmarks modules`
struct ModulesBenchmarks: BenchmarkSuite {
    let name = "modules"

    static let dependentCount = 50
    static let queriesPerDependent = 4
    static let otherFileCount = 1_950

    var benchmarks: [Benchmark] {
        let schema = SchemaContext(checkedSchema: (try? SchemaSnapshot(replayingDDL: """
            CREATE TABLE messages_a (id INTEGER PRIMARY KEY, body TEXT, sent_at INTEGER, conversation_id TEXT);
            CREATE TABLE messages_b (id INTEGER PRIMARY KEY, body TEXT, sent_at INTEGER, conversation_id TEXT);
            """)) ?? .empty)
        let analyzer = DocumentAnalyzer(schema: schema)
        var texts: [String: [UInt8]] = [:]
        texts["/p/src/tables.ts"] = Array("export const MESSAGES_TABLE = 'messages_a';\n".utf8)
        for file in 0..<Self.dependentCount {
            var text = "import { MESSAGES_TABLE } from '../tables';\n\n"
            for query in 0..<Self.queriesPerDependent {
                text += "export function q\(query)(db, id) {\n  return db.all(`SELECT body, sent_at FROM ${MESSAGES_TABLE} WHERE conversation_id = ? AND id > \(file * 10 + query)`, [id]);\n}\n"
                text += String(repeating: "// filler line to make a realistic file size\n", count: 15)
            }
            texts["/p/src/dependents/file\(file).ts"] = Array(text.utf8)
        }
        for file in 0..<Self.otherFileCount {
            texts["/p/src/other/file\(file).ts"] = Array("import { helper } from '../util';\nexport function f(db, id) { return db.all('SELECT body FROM messages_a WHERE id = ?', [id]); }\n".utf8)
        }
        var summaries: [String: ModuleSummary] = [:]
        for (path, text) in texts { summaries[path] = QueryExtractor.moduleSummary(of: text, language: .typescript, configuration: .default) }
        let index = BenchmarkState(ModuleIndex(summaries: summaries))
        let edits = [
            // Alternating, and the first run (round 1) changes the initial 'messages_a'.
            QueryExtractor.moduleSummary(of: Array("export const MESSAGES_TABLE = 'messages_a';\n".utf8), language: .typescript, configuration: .default),
            QueryExtractor.moduleSummary(of: Array("export const MESSAGES_TABLE = 'messages_b';\n".utf8), language: .typescript, configuration: .default),
        ]
        let round = BenchmarkState(0)
        // Warm the checker with both tables' statements? No: each edit changes the SQL text of
        // all 200 statements, and the cache holds both versions after the warm-up round, which is
        // what typing back and forth does. The cold cost is measured separately below.
        return [
            Benchmark(name: "edit an exported table name: re-check 200 queries in 50 files", iterations: 20) {
                let edit = edits[round.withLock { value -> Int in value += 1; return value % 2 }]
                let (dependents, snapshot) = index.withLock { index -> (Set<String>, ModuleIndex) in (index.update("/p/src/tables.ts", summary: edit), index) }
                var findings = 0
                for path in dependents {
                    let text = texts[path]!
                    let analysis = analyzer.analyze(text, language: .typescript, modules: snapshot.context(forFile: path))
                    let lines = LineIndex(utf8: text)
                    findings += analysis.findings.map { lines.position(of: $0.range.lowerBound, in: .utf16).line }.count
                }
                precondition(dependents.count == Self.dependentCount)
                return findings
            },
            Benchmark(name: "same, every statement new to the checker", iterations: 10) {
                let cold = DocumentAnalyzer(schema: schema)
                let edit = edits[round.withLock { value -> Int in value += 1; return value % 2 }]
                let (dependents, snapshot) = index.withLock { index -> (Set<String>, ModuleIndex) in (index.update("/p/src/tables.ts", summary: edit), index) }
                for path in dependents { _ = cold.analyze(texts[path]!, language: .typescript, modules: snapshot.context(forFile: path)) }
                return 0
            },
            Benchmark(name: "build the index of 2,001 files (summaries in memory)", iterations: 10) {
                _ = ModuleIndex(summaries: summaries).dependents(of: "/p/src/tables.ts").count
                return 0
            },
        ]
    }
}

/// A value behind a lock, for benchmarks that keep state between runs.
final class BenchmarkState<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
