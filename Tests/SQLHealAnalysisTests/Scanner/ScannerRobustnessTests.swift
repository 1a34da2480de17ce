import Foundation
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
        var generator = SplitMix64(seed: 42)  // shared with the binder's hostile-input tests
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

/// Inputs found by the fuzzer (Fuzz/Sources/FuzzScanner), kept as regression tests.
struct ScannerFuzzRegressionTests {
    /// Invalid UTF-8 inside a SQL literal: `sql` must keep one byte per source byte (it had become
    /// U+FFFD, three bytes, and the source map no longer covered the SQL).
    @Test func invalidUTF8InsideTheSQLKeepsTheMapExact() {
        for invalid: [UInt8] in [[0xE9], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90], [0xFF, 0xFE], [0xE2, 0x82]] {
            let source = Array("db.all('SELECT * FROM t WHERE name = \"caf".utf8) + invalid + Array("\"');".utf8)
            let queries = QueryExtractor.extractQueries(from: source, language: .javascript, configuration: .default)
            #expect(queries.count == 1)
            for query in queries {
                #expect(query.sql.utf8.count == query.sourceMap.sqlLength)
                #expect(query.sql.hasSuffix("\"caf" + String(repeating: "_", count: invalid.count) + "\""))
                expectSourceMapConsistentIgnoringRepairedBytes(query, source: source)
            }
        }
    }

    func expectSourceMapConsistentIgnoringRepairedBytes(_ query: EmbeddedQuery, source: [UInt8]) {
        var expectedStart = 0
        for segment in query.sourceMap.segments {
            #expect(segment.sqlRange.lowerBound == expectedStart)
            expectedStart = segment.sqlRange.upperBound
        }
        #expect(expectedStart == query.sql.utf8.count)
    }

    /// The fuzzer's first crash (`crash-fbbe5a9b…`, 2,046 bytes, read as JSX): a repository
    /// file with invalid UTF-8 spliced into a SQL literal.
    @Test func firstFuzzerCrash() throws {
        let input = try #require(Data(base64Encoded: Self.firstCrashBase64))
        _ = ScannerRobustnessTests.scanEverywhere([UInt8](input))
        _ = ScannerRobustnessTests.scanEverywhere(Self.firstCrashInput)
    }

    static let firstCrashBase64 = "aW1wb3J0IHR5cGUgeyBEYXRhYmFzZSwgU3RhdGVtZW50IH0gZnJvbSAnYmV0dGVyLXNxbGl0ZTMnOwppbXBvcnQgeyBzcWwgfSBmcm9tICcuL3NxbCc7CgpleHBvcnQgaW50ZXJmYWNlIFVzZXIgewogIGlkOiBudW1iZXI7CiAgbmFtZTogc3RyaW5nOwogIGVtYWlsOiBzdHJpbmcgfCBudWxsOwogIHJvbGU6ICdhZG1pbicgfCAibWVtYmVyIjsKfQoKdHlwZSBSb3c8VD4gPSB7IFtLIGluIGtleW9mIFRdOiBUW0tdIH07CnR5cGUgSWQgPSBgdXNlci0ke251bWJlcn1gOwoKY29uc3QgVEFCTEUgPSAndXNlcnMnIGFzIGNvbnN0Owpjb25zdCBDT0xVTU5TID0gWydpZCcsICduYW1lJywgJ2VtYWlsJywgJ3JvbGUnXSBhcyBjb25zdDsKCmV4cG9ydCBjbGFzcyBVc2VyUmVwb3NpdG9yeTxUIGV4dGVuZHMgVXNlciA9IFVzZXI+IHsKICAjZGI6IERhdGFiYXNlOwogIHByaXZhdGUgcmVhZG9ubHkgc3RhdGVtZW50cyA9IG5ldyBNYXA8c3RyaW5nLCBTdGF0ZW1lbnQ8dW5rbm93bltdPj4oKTsKICBzdGF0aWMgcmVhZG9ubHkgTElNSVQgPSAxXzAwMDsKCiAgY29uc3RydWN0b3IoZGI6IERhdGFiYXNlKSB7CiAgICB0aGlzLiNkYiA9IGRiOwogIH0KCiAgZmluZChpZDogbnVtYmVyKTogVCB8IHVuZGVmaW5lZCB7CiAgICByZXR1cm4gdGhpcy4jZGIucHJlcGFyZTxbbnVtYmVyXSwgVD4oYFNFTEVDVCAke0NPTFVNTlMuam9pbignLCAnKX0gRlJPTSAke1RBQkxFfSBXSEVSRSBpZCAAAAAAAAADynQoaWQpOwogIH0KCiAgZmluZE1hbnkoaWRzOiByZWFkb25seSBudW1iZXJbXSk6IFRbXSB7CiAgICBjb25zdCBwbGFjZWhvbGRlcnMgPSBpZHMubWFwKCgpID0+ICc/Jykuam9pbignLCcpOwogICAgcmV0dXJuIHRoaXMuI2RiLnByZXByZWEoYFNFTEVDVCAqIEZST00gdXNlcnMgV0hFUkUgaWQgSU4gKCR7cGxhY2Vob2xkZXJzfSlgKS5hbGwoLi4uaWRzKSBhcyBUW107CiAgfQoKICBieVJvbGUocm9sZTogVXNlclskJ3JvbGUnXSwgbGltaXQgPSBVc2VyUmVwb3NpdG9yeS5MSU1JXSAvIDEwKTogVFtdIHsKICAgIGNvbnN0IHF1ZXJ5ID0gc3FsYFNFTEVDVCAqIEZST00gdXNlcnMgV0hFUkUgcm9sZSA9ICR7cm9sZX0gTElNSVQgJHtsaW1pdH1gOwogICAgcmV0dXJuIHRoaXMuI2RiLnByZXBhcmUocXVlcnkudGV4dCkuYWxsKC4uLnF1ZXJ5LnZhbHVlcykgYXMgVFtdOwogIH0KCiAgcmVuYW1lKGlkOiBudW1iZXIsIG5hbWU6IHN0cmluZyk6IHZvaWQgewogICAgdGhpcy4jZGIucHJlcGFyZSgnVVBEQVRFIHVzZXJzIFNFVCBuYW1lID0gQG5hbWUgV0hFUkUgaWQgPSBAaWQnKS5ydW4oeyBpZCwgbmFtZSB9KTsKICB9CgogIHByaXZhdGUgY2FjaGVkPFI+KGtleTogc3RyaW5nLCB0ZXh0OiBzdHJpbmcpOiBTdGF0ZW1lbnQ8dW5rbm93bltdPiB7CiAgICBsZXQgc3RhdGVtZW50ID0gdGhpcy5zdGF0ZW1lbnRzLmdldChrZXkpOwogICAgaWYgKCFzdGF0ZW1lbnQpIHsKICAgICAgc3RhdGVtZW50ID0gdGhpcy4jZGIucHJlcGFyZSh0ZXh0KTsKICAgICAgdGhpcy5zdGF0ZW1lbnRzLnNldChrZXksIHN0YXRlbWVudCk7CiAgICB9CiAgICByZXR1cm4gc3RhdGVtZW50OwogIH0KCiAgY291bnQoKTogbnVtYmVyIHsKICAgIGNvbnN0IHJvdyA9IHRoaXMuY2FjaGVkPHsgbjogbnVtYmVyIH0+KCdjb3VudCcsICJTRUxFQ1QgY291bnQoKikgQVMgbiBGUk9NIHVlc3JzIikuZ2V0KCkgYXMgeyBuOiBudW1iZXIgfTsKICAgIHJldHVybiByb3cubiAvIDE7CiAgfQp9CgpleHBvcnQgY29uc3QgZ2VuZXJpYyA9IDxULD4odmFsdWU6IFQpOiBUID0+IHZhbHVlOwpleHBvcnQgZnVuY3Rpb24gYXNzZXJ0TmV2ZXIoeDogbmV2ZXIpOiBuZXZlciB7CiAgdGhyb3cgbmV3IEVycm9yKGBVbmV4cGVjdGVkOiAke0pTT04uc3RyaW5naWZ5KHgpfWApOwp9CmNvbnN0IHJhdGlvID0gKGE6IG51bWJlciwgYjogbnVtYmVyKSA9PiBhIC8gYiAvIDI7CmNvbnN0IGlzTWF0Y2ggPSAoczogc3RyaW5nKSA9PiAvXnVzZXItXGQrJC8udGVzdChzKSAmJiBzLnNwbGl0KCcvJykubGVuZ3RoID4gMTsKZXhwb3J0IGNvbnN0IGxhYmVsOiBJZCA9IGB1c2VyLSR7NDJ9YDsK"

    static let firstCrashInput: [UInt8] = Array("""
        import type { Database } from 'better-sqlite3';
        const q = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM users WHERE name = '
        """.utf8) + [0xCA, 0x00, 0x03] + Array("' AND id = ?`).get(id);\n".utf8)
}
