import Foundation
import SQLHealAnalysis

/// Editing requests inside SQL on the 5,000-line benchmark file (``CheckerBenchmarks/document``):
/// each iteration does what the server's handler does in the core for one request, from the
/// document's bytes (scan of its query literals, parse and resolution of the query at the cursor).
/// The targets: completion and hover ≤ 20 ms p99, semantic tokens of the file ≤ 30 ms.
struct EditingBenchmarks: BenchmarkSuite {
    let name = "editing"

    var benchmarks: [Benchmark] {
        let schema = (try? SchemaSnapshot(replayingDDL: CheckerBenchmarks.schemaDDL)) ?? .empty
        let text = Array(CheckerBenchmarks.document().utf8)
        let language = SourceLanguage.javascript
        // Query 151 is the JOIN template: hover on `o.total`, complete after `o.`, a hole-free WHERE.
        let document = String(decoding: text, as: UTF8.self)
        let anchor = document.range(of: "o.status = ? LIMIT 151")!
        let hoverOffset = document.utf8.distance(from: document.startIndex, to: anchor.lowerBound) + 3
        let completionOffset = hoverOffset - 1
        func context(at offset: Int) -> SQLEditingContext? {
            let queries = QueryExtractor.extractQueries(from: text, language: language, configuration: .default)
            return SQLEditingContext.inCode(at: offset, queries: queries, schema: schema)
        }
        return [
            Benchmark(name: "hover in a 5000-line file", iterations: 200) {
                context(at: hoverOffset).flatMap { SQLHover.at($0) }?.markdown.utf8.count ?? 0
            },
            Benchmark(name: "completion after alias. in a 5000-line file", iterations: 200) {
                context(at: completionOffset).flatMap(SQLCompletion.complete)?.items.count ?? 0
            },
            Benchmark(name: "signature help in a 5000-line file", iterations: 200) {
                context(at: hoverOffset).flatMap(SQLSignatureHelp.at) == nil ? 0 : 1
            },
            Benchmark(name: "semantic tokens of a 5000-line file", iterations: 100) {
                let queries = QueryExtractor.extractQueries(from: text, language: language, configuration: .default)
                return SQLSemanticToken.tokens(inQueries: queries, schema: schema).count
            },
            Benchmark(name: "parse + resolve 300 queries", iterations: 100) {
                let queries = QueryExtractor.extractQueries(from: text, language: language, configuration: .default)
                return queries.reduce(0) { $0 + SQLResolver.resolve(SQLParser.parse($1.sql), schema: schema).references.count }
            },
        ]
    }
}
