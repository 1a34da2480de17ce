import SQLHealAnalysis

/// Quick fixes: the fixes of one finding in a large document (what a code action request
/// computes), fix-all of a large document with many fixable findings (rounds of re-analysis),
/// and the line diff of the result.
struct FixesBenchmarks: BenchmarkSuite {
    let name = "fixes"

    static let schemaDDL = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT, age INTEGER);
        CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id TEXT, token TEXT);
        """

    /// About `lines` lines; every `stride`-th function has a fixable query (a spliced value, a
    /// contradicting conversion, a concatenation, two holes in one call), the rest is filler.
    static func document(lines: Int = 5_000, functions: Int = 250) -> String {
        var text = "import { db } from './db.js';\n"
        let fillerPerFunction = max(1, lines / functions - 3)
        for index in 0..<functions {
            switch index % 4 {
            case 0: text += "export const f\(index) = (userId) => db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);\n"
            case 1: text += "export const f\(index) = (id) => db.get('SELECT email FROM users WHERE id = ' + id);\n"
            case 2: text += "export const f\(index) = (a, b) => db.all(`SELECT * FROM users WHERE age > ${a} AND name = ?`, [b]);\n"
            default: text += "export const f\(index) = (x, y) => db.all(`SELECT * FROM users WHERE id = ${x} OR id = ${y}`);\n"
            }
            for filler in 0..<fillerPerFunction {
                text += "const value\(index)_\(filler) = compute(\(filler), 'text ' + \(index)); // filler\n"
            }
        }
        return text
    }

    var benchmarks: [Benchmark] {
        let schema = SchemaContext(checkedSchema: (try? SchemaSnapshot(replayingDDL: Self.schemaDDL)) ?? .empty)
        let analyzer = DocumentAnalyzer(schema: schema)
        let text = Array(Self.document().utf8)
        let analysis = analyzer.analyze(text, language: .javascript)
        let context = CodeFixContext(text: text, analysis: analysis, schema: schema)
        let middle = analysis.findings.dropFirst(analysis.findings.count / 2).first
        let fixed = FixAll.applySafeFixes(to: text, schema: schema) { analyzer.analyze($0, language: .javascript) }.fixedText
        return [
            Benchmark(name: "fixes of one finding, 5000-line file", iterations: 200) {
                middle.map { CodeFixProvider().fixes(for: $0, in: context).count } ?? 0
            },
            Benchmark(name: "fix-all of a 5000-line file (\(analysis.findings.count) findings)", iterations: 5) {
                _ = FixAll.applySafeFixes(to: text, schema: schema) { analyzer.analyze($0, language: .javascript) }
                return text.count
            },
            Benchmark(name: "unified diff of the fixed 5000-line file", iterations: 20) {
                TextDifference(old: text, new: fixed).unifiedDiff(oldLabel: "a/x.js", newLabel: "b/x.js").utf8.count
            },
        ]
    }
}
