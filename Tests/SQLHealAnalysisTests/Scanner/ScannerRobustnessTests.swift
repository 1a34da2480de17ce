import Testing
@testable import SQLHealAnalysis

/// Inputs that must never crash, hang or go quadratic: every keystroke is input.
struct ScannerRobustnessTests {
    static func scanEverywhere(_ bytes: [UInt8]) -> Int {
        var total = 0
        for language in SourceLanguage.allCases {
            let scan = JavaScriptScanner.scan(bytes, language: language)
            var previousEnd = 0
            for token in scan.tokens {
                #expect(token.start >= previousEnd && token.start <= token.end && token.end <= bytes.count)
                previousEnd = token.end
            }
            let queries = QueryExtractor.extractQueries(from: bytes, scan: scan, configuration: .default)
            for query in queries { expectSourceMapConsistent(query, source: bytes) }
            total += queries.count
        }
        return total
    }

    @Test func deepNestingOfEveryKind() {
        let depth = 10_000
        for (open, close) in [("(", ")"), ("[", "]"), ("{", "}"), ("`${", "}`"), ("<div>{", "}</div>")] {
            let text = String(repeating: open, count: depth) + "db.all('SELECT 1 FROM t')" + String(repeating: close, count: depth)
            _ = Self.scanEverywhere(Array(text.utf8))
            let unclosed = String(repeating: open, count: depth)
            _ = Self.scanEverywhere(Array(unclosed.utf8))
            let unopened = String(repeating: close, count: depth)
            _ = Self.scanEverywhere(Array(unopened.utf8))
        }
    }

    @Test func nestingBeyondTheBoundIsReportedNotFatal() {
        let depth = JavaScriptScanner.maximumNestingDepth + 10
        let text = Array((String(repeating: "(", count: depth) + String(repeating: ")", count: depth)).utf8)
        let problems = JavaScriptSyntaxCheck.problems(in: text, language: .javascript)
        #expect(problems.contains { $0.message.contains("nesting deeper") })
    }

    @Test func binaryJunkAndInvalidUTF8() {
        var generator = ScannerJunkGenerator(seed: 42)
        for length in [1, 2, 3, 17, 255, 4096] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                _ = Self.scanEverywhere(bytes)
            }
        }
        _ = Self.scanEverywhere([0xFF, 0xFE, 0x27, 0xC3, 0x28, 0xE2, 0x80, 0x27, 0x60, 0xF0, 0x9F, 0x98])
    }

    @Test(arguments: [
        "'", "\"", "`", "`${", "`${`${", "/*", "/", "/[", "/\\", "'\\", "`\\", "\\u{", "db.all('SELECT", "db.all(`SELECT ${",
        "sql`SELECT ${", "<div", "<div>", "<div attr=\"", "<div>{", "</", "#!", "#", "0x", "1e", "1_", ".", "?.", "<T,>", "a /",
        "db.all(", "db.prepare('SELECT 1 FROM t').get(", "const Q = {", "const Q = { a: 'SELECT 1 FROM t' }; db.all(Q.", "'\\x", "'\\u12",
        "'\\u{110000}'", "'\\uD83D'", "`\\u{", "db.get(sql`SELECT * FROM t WHERE a = ${sql`", "const A = B; const B = A; db.all(A + B);",
    ])
    func unterminatedPrefixes(_ text: String) {
        _ = Self.scanEverywhere(Array(text.utf8))
    }

    @Test func selfReferentialConstantsTerminate() {
        let text = "const A = B + 'SELECT 1 FROM t'; const B = A + ' x'; const C = { a: C.a }; db.all(A); db.all(C.a); db.all(`${A}`);"
        _ = Self.scanEverywhere(Array(text.utf8))
    }

    @Test func longConstantChainsStayBounded() {
        var text = "const C0 = 'SELECT 1 FROM t';\n"
        for index in 1..<2_000 { text += "const C\(index) = C\(index - 1) + ' ';\n" }
        text += "db.all(C1999);\n"
        _ = Self.scanEverywhere(Array(text.utf8))
    }
}

struct SyntaxCheckTests {
    @Test(arguments: [
        ("const a = 'ok'; const b = `x${a}y`; const r = /re/g; f(a, [b], { r });", [String]()),
        ("const a = 'unterminated\nnext()", ["unterminated string literal"]),
        ("const t = `open ${x}", ["unterminated template literal"]),
        ("/* never closed", ["unterminated comment"]),
        ("f(a, b", ["`(` is never closed"]),
        ("f(a, b))", ["unmatched `)`"]),
        ("const x = [1, 2;", ["`[` is never closed"]),
        ("if (a) { b(); ", ["`{` is never closed"]),
    ])
    func problems(_ text: String, _ expected: [String]) {
        let problems = JavaScriptSyntaxCheck.problems(in: Array(text.utf8), language: .typescript)
        #expect(problems.map(\.message) == expected)
    }

    @Test func jsxIsCleanInTSXAndJSX() {
        let text = "const A = () => <div title=\"</p>\">it's {x / 2} <b>bold</b><br/></div>;"
        #expect(JavaScriptSyntaxCheck.problems(in: Array(text.utf8), language: .typescriptReact).isEmpty)
        #expect(JavaScriptSyntaxCheck.problems(in: Array(text.utf8), language: .javascriptReact).isEmpty)
    }

    @Test func problemRangesPointAtTheCulprit() {
        let text = Array("ok();\nconst s = 'abc\n".utf8)
        let problems = JavaScriptSyntaxCheck.problems(in: text, language: .javascript)
        #expect(problems.count == 1)
        #expect(problems.first.map { String(decoding: text[$0.range], as: UTF8.self) } == "'abc")
    }
}

/// A tiny deterministic generator for junk inputs.
struct ScannerJunkGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
