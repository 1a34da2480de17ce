// libFuzzer target for the JavaScript/TypeScript scanner and the query extractor.
//   swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address --product FuzzScanner
//   Fuzz/.build/debug/FuzzScanner -max_total_time=120 Fuzz/Corpus/Scanner Tests/differential/corpus
// Any crash, hang or broken invariant becomes a regression test in
// Tests/SQLHealAnalysisTests/Scanner/ScannerRobustnessTests.swift.
import SQLHealAnalysis

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScanner(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // The first byte picks the language so one input exercises one mode; the rest is the text.
    let language = SourceLanguage.allCases[Int(bytes.first ?? 0) % SourceLanguage.allCases.count]
    let scan = JavaScriptScanner.scan(bytes, language: language)
    var previousEnd = 0
    for (index, token) in scan.tokens.enumerated() {
        guard token.start >= previousEnd, token.start <= token.end, token.end <= bytes.count else {
            fatalError("token \(index) \(token) out of order or bounds (previous end \(previousEnd), count \(bytes.count))")
        }
        previousEnd = token.end
        if token.link >= 0 {
            guard token.link < scan.tokens.count else { fatalError("token \(index) links past the end") }
        }
    }
    for problem in scan.problems where problem.range.lowerBound < 0 || problem.range.upperBound > bytes.count || problem.range.isEmpty && bytes.count > 0 && problem.range.lowerBound > bytes.count {
        fatalError("problem out of bounds: \(problem)")
    }
    let configuration = QueryExtractionConfiguration(
        queryFunctionNames: Set(QueryExtractionConfiguration.defaultQueryFunctionNames),
        sqlTagNames: ["sql", "SQL"]
    )
    let queries = QueryExtractor.extractQueries(from: bytes, scan: scan, configuration: configuration)
    for query in queries {
        let sqlCount = query.sql.utf8.count
        guard query.sourceMap.sqlLength == sqlCount || query.sql.isEmpty else {
            fatalError("source map covers \(query.sourceMap.sqlLength) of \(sqlCount) SQL bytes")
        }
        for segment in query.sourceMap.segments where segment.sourceRange.lowerBound < 0 || segment.sourceRange.upperBound > bytes.count {
            fatalError("segment out of bounds: \(segment)")
        }
        for hole in query.holes where hole.sqlRange.upperBound > sqlCount || hole.sourceRange.upperBound > bytes.count {
            fatalError("hole out of bounds: \(hole)")
        }
        _ = query.sourceMap.sourceRange(forSQLRange: 0..<sqlCount)
    }
    _ = QueryExtractor.literalRanges(in: bytes, language: language)
    return 0
}

// SwiftPM links an executable's entry point as `<target>_main` (`--defsym main=FuzzScanner_main`),
// so libFuzzer's own `main` is not pulled in: start its driver from here.
@_silgen_name("LLVMFuzzerRunDriver")
func runLibFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("FuzzScanner_main")
public func fuzzScannerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runLibFuzzerDriver(&count, &arguments) { start, length in fuzzScanner(start, length) }
}
