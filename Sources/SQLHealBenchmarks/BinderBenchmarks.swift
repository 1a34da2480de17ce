import SQLHealAnalysis

/// The SQL tokenizer and the binder: both run on every query of every keystroke's re-analysis.
struct BinderBenchmarks: BenchmarkSuite {
    let name = "binder"

    var benchmarks: [Benchmark] {
        let schema = (try? SchemaSnapshot(replayingDDL: """
            CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT, age INTEGER);
            CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id TEXT, token TEXT, created_at INTEGER);
            """)) ?? .empty
        let context = SchemaContext(checkedSchema: schema)
        let typical = "SELECT u.id, u.email FROM users u JOIN sessions s ON s.user_id = u.id WHERE s.token = ? AND u.age BETWEEN ? AND ? AND u.id IN (?, ?, ?) ORDER BY u.email LIMIT ? -- comment\n"
        let bigSQL = String(repeating: typical, count: 5_000)
        let bigBytes = Array(bigSQL.utf8)
        let rows = Array(repeating: "(?, ?, ?)", count: 2_000).joined(separator: ", ")
        let multiRowInsert = "INSERT INTO sessions (user_id, token, created_at) VALUES \(rows)"
        let queries: [EmbeddedQuery] = (0..<500).map { index in
            EmbeddedQuery(
                sql: typical, sourceMap: SQLSourceMap(), origin: .queryCall(functionName: "all"), sourceRange: 0..<0,
                boundValues: .positional((0..<7).map { _ in
                    SourceValue(expressionRange: index..<(index + 1), expressionText: "parseInt(x)", kind: .number)
                }, argumentRange: 0..<0, isArrayLiteral: true)
            )
        }
        return [
            Benchmark(name: "tokenize \(bigBytes.count / 1_000) kB of SQL", iterations: 10) {
                _ = SQLTokenizer.tokenize(bigBytes)
                return bigBytes.count
            },
            Benchmark(name: "bind a 2,000-row INSERT (6,000 placeholders)", iterations: 10) {
                QueryBinder.bindings(forSQL: multiRowInsert, schema: schema).count
            },
            Benchmark(name: "rules over 500 typical queries", iterations: 10) {
                var total = 0
                for query in queries { total += QueryBindingRules.findings(for: query, schema: context).count }
                return 0 * total
            },
        ]
    }
}
