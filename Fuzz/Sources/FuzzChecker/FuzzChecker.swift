// libFuzzer target for the checker. Each input is used twice: as JavaScript source through
// `DocumentAnalyzer` (scanner, checker, binder) with a fixed demo schema, and as raw SQL
// through `QueryChecker` directly (every byte of SQLite's input space, holes included).
//
//   swift build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address --product FuzzChecker
//   Fuzz/.build/debug/FuzzChecker -max_total_time=120 Fuzz/Corpus/Checker
import SQLHealAnalysis

let demoSchemaDDL = """
    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, age INTEGER);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, total REAL, status TEXT) STRICT;
    CREATE TABLE tags (name TEXT PRIMARY KEY, color TEXT) WITHOUT ROWID;
    CREATE VIRTUAL TABLE docs USING fts5(title, body);
    CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
    """

let demoContext: SchemaContext = {
    let checked = (try? SchemaSnapshot(replayingDDL: demoSchemaDDL)) ?? .empty
    let declared = (try? SchemaSnapshot(replayingDDL: demoSchemaDDL + "\nCREATE TABLE audit (id INTEGER PRIMARY KEY, note TEXT);")) ?? .empty
    return SchemaContext(checkedSchema: checked, declaredSchema: declared, databaseDisplayName: "data/app.db")
}()

// One analyzer for the whole run, so the cache paths are exercised too.
let analyzer = DocumentAnalyzer(schema: demoContext)
let checker = QueryChecker(schema: demoContext)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckerTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count >= 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let documentLength = bytes.count

    let analysis = analyzer.analyze(bytes, language: .typescriptReact)
    for finding in analysis.findings {
        // Every range must lie inside the document: the server converts them to positions.
        if finding.range.lowerBound < 0 || finding.range.upperBound > documentLength || finding.range.lowerBound > finding.range.upperBound {
            fatalError("finding range \(finding.range) outside a \(documentLength)-byte document: \(finding)")
        }
    }

    // The same bytes as SQL, with a hole every time a `$` appears, as the scanner would make.
    let sql = String(decoding: bytes, as: UTF8.self)
    let sqlBytes = Array(sql.utf8)
    var map = SQLSourceMap()
    var holes: [QueryHole] = []
    var index = 0
    var verbatimStart = 0
    while index < sqlBytes.count {
        if sqlBytes[index] == UInt8(ascii: "?") && index > 0 && sqlBytes[index - 1] == UInt8(ascii: "$") {
            map.appendVerbatim(length: index - verbatimStart, sourceStart: verbatimStart)
            map.appendHole(sqlLength: 1, sourceRange: index..<(index + 1))
            holes.append(QueryHole(role: .splicedText, sourceRange: index..<(index + 1),
                                   value: SourceValue(expressionRange: index..<(index + 1), expressionText: "x", kind: .unknown),
                                   sqlRange: index..<(index + 1)))
            verbatimStart = index + 1
        }
        index += 1
    }
    map.appendVerbatim(length: sqlBytes.count - verbatimStart, sourceStart: verbatimStart)
    let query = EmbeddedQuery(
        sql: sql, sourceMap: map, origin: .queryCall(functionName: "all"), sourceRange: 0..<sqlBytes.count,
        holes: holes, boundValues: .none, dynamism: holes.isEmpty ? .fullyStatic : .splicedUnknownText
    )
    for finding in checker.check([query], documentText: sqlBytes) {
        if finding.range.lowerBound < 0 || finding.range.upperBound > sqlBytes.count || finding.range.lowerBound > finding.range.upperBound {
            fatalError("finding range \(finding.range) outside \(sqlBytes.count) bytes of SQL: \(finding)")
        }
    }
    return 0
}

// SwiftPM links an executable's entry point as `<target>_main` (`--defsym main=FuzzChecker_main`),
// so libFuzzer's own `main` is not pulled in: start its driver from here.
@_silgen_name("LLVMFuzzerRunDriver")
func runLibFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("FuzzChecker_main")
public func fuzzCheckerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runLibFuzzerDriver(&count, &arguments) { start, length in fuzzCheckerTestOneInput(start, length) }
}
