import SQLHealAnalysis

/// The checker: cold (empty cache, every statement prepared) against cached (a re-check after
/// nothing changed), and whole-document analysis of a large file before and after a one-line edit.
struct CheckerBenchmarks: BenchmarkSuite {
    let name = "checker"

    static let schemaDDL = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, age INTEGER, created_at DATETIME);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), total REAL, status TEXT);
        CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id TEXT, expires_at INTEGER);
        CREATE TABLE tags (name TEXT PRIMARY KEY, color TEXT) WITHOUT ROWID;
        CREATE VIRTUAL TABLE docs USING fts5(title, body);
        CREATE VIEW big_orders AS SELECT id, user_id, total FROM orders WHERE total > 100;
        CREATE INDEX orders_user ON orders(user_id);
        """

    /// Query templates; `N` is replaced by the query's number so every SQL text differs.
    static let templates = [
        "SELECT id, email, name FROM users WHERE id = ? AND age > N",
        "SELECT u.email, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE o.status = ? LIMIT N",
        "INSERT INTO orders (user_id, total, status) VALUES (?, ?, 'newN')",
        "UPDATE users SET name = ?, age = N WHERE id = ?",
        "SELECT emial, nmae FROM users WHERE id = N",
        "SELECT rowid, title, rank FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT N",
        "WITH recent AS (SELECT id FROM orders WHERE total > N) SELECT * FROM recent JOIN big_orders USING (id)",
        "DELETE FROM sessions WHERE expires_at < N",
        "SELECT * FROM userz WHERE id = N",
        "SELECT count(*) FROM orders WHERE user_id IN (SELECT id FROM users WHERE created_at > N)",
    ]

    static func queries(count: Int) -> [EmbeddedQuery] {
        (0..<count).map { index in
            let sql = templates[index % templates.count].replacing("N", with: String(index))
            var map = SQLSourceMap()
            map.appendVerbatim(length: sql.utf8.count, sourceStart: index * 200)
            let placeholders = sql.filter { $0 == "?" }.count
            let values = (0..<placeholders).map { _ in SourceValue(expressionRange: 0..<1, expressionText: "v", kind: .unknown) }
            return EmbeddedQuery(sql: sql, sourceMap: map, origin: .queryCall(functionName: "all"),
                                 sourceRange: (index * 200)..<(index * 200 + sql.utf8.count),
                                 boundValues: .positional(values, argumentRange: 0..<1, isArrayLiteral: true))
        }
    }

    /// A 5,000-line JavaScript file with ~300 queries between filler code.
    static func document(queryCount: Int = 300, lines: Int = 5_000) -> String {
        var text = "import Database from 'better-sqlite3';\nconst db = new Database('app.db');\n"
        let fillerPerQuery = max(1, (lines - 2) / queryCount - 3)
        for index in 0..<queryCount {
            let sql = templates[index % templates.count].replacing("N", with: String(index))
            let placeholders = sql.filter { $0 == "?" }.count
            let arguments = (0..<placeholders).map { "arg\($0)" }.joined(separator: ", ")
            text += "export function query\(index)(\(arguments)) {\n"
            text += "  return db.prepare(`\(sql)`).all(\(arguments));\n}\n"
            for filler in 0..<fillerPerQuery {
                text += "const value\(index)_\(filler) = compute(\(filler), 'text ' + \(index)); // filler\n"
            }
        }
        return text
    }

    var benchmarks: [Benchmark] {
        let schema = (try? SchemaSnapshot(replayingDDL: Self.schemaDDL)) ?? .empty
        let context = SchemaContext(checkedSchema: schema)
        let queries = Self.queries(count: 200)
        let warmChecker = QueryChecker(schema: context)
        _ = warmChecker.check(queries, documentText: [])

        let document = Self.document()
        let edited = document.replacing("const value150_0 = compute(0,", with: "const value150_0 = compute(1,")
        let editedQuery = document.replacing("WHERE expires_at < 7", with: "WHERE expires_at <= 7")
        let language = SourceLanguage.javascript
        let warmAnalyzer = DocumentAnalyzer(schema: context)
        let extracted = QueryExtractor.extractQueries(from: Array(document.utf8), language: language, configuration: .default)
        let extractedMoved = QueryExtractor.extractQueries(from: Array(("// moved\n" + document).utf8), language: language, configuration: .default)
        _ = warmChecker.check(extracted, documentText: [])
        _ = warmChecker.check(extractedMoved, documentText: [])

        return [
            Benchmark(name: "new checker (replay DDL)", iterations: 50) {
                _ = QueryChecker(schema: context)
                return 0
            },
            Benchmark(name: "check 200 queries cold", iterations: 20) {
                QueryChecker(schema: context).check(queries, documentText: []).count
            },
            Benchmark(name: "check 200 queries cached", iterations: 50) {
                warmChecker.check(queries, documentText: []).count
            },
            Benchmark(name: "analyze 5000-line file cold", iterations: 10) {
                _ = DocumentAnalyzer(schema: context).analyze(document, language: language)
                return document.utf8.count
            },
            Benchmark(name: "extract queries of 5000-line file (scanner alone)", iterations: 20) {
                QueryExtractor.extractQueries(from: Array(document.utf8), language: language, configuration: .default).count
            },
            Benchmark(name: "binding rules on 300 queries (binder alone)", iterations: 20) {
                let extracted = QueryExtractor.extractQueries(from: Array(document.utf8), language: language, configuration: .default)
                return extracted.reduce(0) { $0 + QueryBindingRules.findings(for: $1, schema: context).count }
            },
            Benchmark(name: "check 300 extracted queries, all cached", iterations: 50) {
                warmChecker.check(extracted, documentText: []).count
            },
            Benchmark(name: "check 300 extracted queries, all moved by an edit", iterations: 50) {
                // Alternating positions: every query moved since the previous run.
                _ = warmChecker.check(extractedMoved, documentText: [])
                return warmChecker.check(extracted, documentText: []).count
            },
            Benchmark(name: "analyze 5000-line file after code edit", iterations: 20) {
                // Alternating texts: each run is one edit away from the previous one.
                _ = warmAnalyzer.analyze(edited, language: language)
                _ = warmAnalyzer.analyze(document, language: language)
                return 2 * document.utf8.count
            },
            Benchmark(name: "analyze 5000-line file after SQL edit", iterations: 20) {
                _ = warmAnalyzer.analyze(editedQuery, language: language)
                _ = warmAnalyzer.analyze(document, language: language)
                return 2 * document.utf8.count
            },
        ]
    }
}
