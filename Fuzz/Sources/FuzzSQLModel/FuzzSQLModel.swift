// libFuzzer target for the SQL model: each input is parsed as SQL (`SQLParser`) and resolved
// (`SQLResolver`) against a demo schema. It must never trap, never recurse without bound, and
// every range it reports must lie inside the input.
//
//   swift build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address --product FuzzSQLModel
//   Fuzz/.build/debug/FuzzSQLModel -max_total_time=300 Fuzz/Corpus/SQLModel
import SQLHealAnalysis

let demoSchema: SchemaSnapshot = (try? SchemaSnapshot(replayingDDL: """
    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, age INTEGER);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), total REAL, status TEXT) STRICT;
    CREATE TABLE tags (name TEXT PRIMARY KEY, color TEXT) WITHOUT ROWID;
    CREATE VIRTUAL TABLE docs USING fts5(title, body);
    CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
    """)) ?? .empty

func check(_ range: ByteRange, inside count: Int, _ what: @autoclosure () -> String) {
    if range.lowerBound < 0 || range.upperBound > count || range.lowerBound > range.upperBound {
        fatalError("\(what()) range \(range) outside \(count) bytes")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQLModelTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count >= 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let tree = SQLParser.parse(TokenizedSQL(bytes: bytes))
    var previousEnd = 0
    for statement in tree.statements {
        check(statement.range, inside: bytes.count, "statement")
        if statement.range.lowerBound < previousEnd { fatalError("statements overlap at \(statement.range)") }
        previousEnd = statement.range.upperBound
    }
    let resolution = SQLResolver.resolve(tree, schema: demoSchema)
    for reference in resolution.references { check(reference.range, inside: bytes.count, "reference \(reference.symbol)") }
    for scope in resolution.scopes { check(scope.range, inside: bytes.count, "scope") }
    for placeholder in resolution.placeholders { check(placeholder.range, inside: bytes.count, "placeholder") }
    // Ask every question an editor asks, at a few offsets.
    for offset in Set([0, bytes.count / 2, bytes.count]) {
        _ = resolution.visibleSources(at: offset)
        _ = resolution.references(at: offset)
        _ = resolution.placeholder(at: offset)
    }
    return 0
}

// SwiftPM links an executable's entry point as `<target>_main`; start libFuzzer's driver from here.
@_silgen_name("LLVMFuzzerRunDriver")
func runLibFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("FuzzSQLModel_main")
public func fuzzSQLModelMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runLibFuzzerDriver(&count, &arguments) { start, length in fuzzSQLModelTestOneInput(start, length) }
}
