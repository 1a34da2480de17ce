import Testing
@testable import SQLHealAnalysis

/// Tokenizer fixtures: the SQL and, token by token, the kind and exact text expected. Ranges are
/// checked too: each token must start where the previous one ended.
struct SQLTokenizerTests {
    typealias Expected = [(SQLToken.Kind, String)]

    private func check(_ sql: String, _ expected: Expected, sourceLocation: SourceLocation = #_sourceLocation) {
        let tokenized = TokenizedSQL(sql)
        let actual = tokenized.tokens.map { ($0.kind, tokenized.text(of: $0)) }
        let actualDescription = actual.map { "\($0.0):\($0.1)" }
        let expectedDescription = expected.map { "\($0.0):\($0.1)" }
        #expect(actualDescription == expectedDescription, sourceLocation: sourceLocation)
        var offset = 0
        for token in tokenized.tokens {
            #expect(token.range.lowerBound == offset, sourceLocation: sourceLocation)
            #expect(!token.range.isEmpty, sourceLocation: sourceLocation)
            offset = token.range.upperBound
        }
        #expect(offset == sql.utf8.count, sourceLocation: sourceLocation)
    }

    @Test func selectWithKeywordsIdentifiersAndParameter() {
        check("SELECT id FROM users WHERE email = ?", [
            (.keyword, "SELECT"), (.whitespace, " "), (.identifier, "id"), (.whitespace, " "),
            (.keyword, "FROM"), (.whitespace, " "), (.identifier, "users"), (.whitespace, " "),
            (.keyword, "WHERE"), (.whitespace, " "), (.identifier, "email"), (.whitespace, " "),
            (.operator, "="), (.whitespace, " "), (.parameter, "?"),
        ])
    }

    @Test func keywordsAreCaseInsensitiveAndWordsKeepDollarAndUnicode() {
        check("select été a$b _x1", [
            (.keyword, "select"), (.whitespace, " "), (.identifier, "été"), (.whitespace, " "),
            (.identifier, "a$b"), (.whitespace, " "), (.identifier, "_x1"),
        ])
    }

    @Test func quotedIdentifiersWithDoubledDelimiters() {
        check(#""a""b" `c``d` [e f]]"#, [
            (.quotedIdentifier, #""a""b""#), (.whitespace, " "), (.quotedIdentifier, "`c``d`"),
            (.whitespace, " "), (.quotedIdentifier, "[e f]"), (.illegal, "]"),
        ])
        let tokenized = TokenizedSQL(#""a""b" `c``d` [e f]"#)
        let names = tokenized.significantTokens.compactMap { tokenized.identifierName(of: $0) }
        #expect(names == [#"a"b"#, "c`d", "e f"])
    }

    @Test func stringsAndBlobs() {
        check("'it''s' X'aB01' x'abc' x'zz' xy ''", [
            (.string, "'it''s'"), (.whitespace, " "), (.blob, "X'aB01'"), (.whitespace, " "),
            (.illegal, "x'abc'"), (.whitespace, " "), (.illegal, "x'zz'"), (.whitespace, " "),
            (.identifier, "xy"), (.whitespace, " "), (.string, "''"),
        ])
        #expect(SQLTokenizer.stringLiteralValue("'it''s'") == "it's")
    }

    @Test func unterminatedStringsAndNamesRunToTheEnd() {
        check("= 'abc", [(.operator, "="), (.whitespace, " "), (.illegal, "'abc")])
        check("\"ab", [(.illegal, "\"ab")])
        check("[ab", [(.illegal, "[ab")])
        check("x'ab", [(.illegal, "x'ab")])
        check("'", [(.illegal, "'")])
    }

    @Test func numbers() {
        check("42 0x2A 0X1f 1.5 .5 2. 1e10 1E+3 3e-2 1e 1_000 12abc 0x 0x1g", [
            (.integer, "42"), (.whitespace, " "), (.integer, "0x2A"), (.whitespace, " "),
            (.integer, "0X1f"), (.whitespace, " "), (.float, "1.5"), (.whitespace, " "),
            (.float, ".5"), (.whitespace, " "), (.float, "2."), (.whitespace, " "),
            (.float, "1e10"), (.whitespace, " "), (.float, "1E+3"), (.whitespace, " "),
            (.float, "3e-2"), (.whitespace, " "), (.illegal, "1e"), (.whitespace, " "),
            (.illegal, "1_000"), (.whitespace, " "), (.illegal, "12abc"), (.whitespace, " "),
            (.illegal, "0x"), (.whitespace, " "), (.integer, "0x1"), (.identifier, "g"),
        ])
        check("t.c 1.e", [
            (.identifier, "t"), (.operator, "."), (.identifier, "c"), (.whitespace, " "), (.illegal, "1.e"),
        ])
    }

    @Test func comments() {
        check("a -- note\nb /* x */ c /*/ d", [
            (.identifier, "a"), (.whitespace, " "), (.lineComment, "-- note"), (.whitespace, "\n"),
            (.identifier, "b"), (.whitespace, " "), (.blockComment, "/* x */"), (.whitespace, " "),
            (.identifier, "c"), (.whitespace, " "), (.blockComment, "/*/ d"),
        ])
        check("--", [(.lineComment, "--")])
        check("/**/", [(.blockComment, "/**/")])
        check("/*", [(.operator, "/"), (.operator, "*")])
        check("/* open", [(.blockComment, "/* open")])
    }

    @Test func operators() {
        check("||->->>==<><=>=!=<<>>|&~%+-*/=<(),;.>", [
            (.operator, "||"), (.operator, "->"), (.operator, "->>"), (.operator, "=="),
            (.operator, "<>"), (.operator, "<="), (.operator, ">="), (.operator, "!="),
            (.operator, "<<"), (.operator, ">>"), (.operator, "|"), (.operator, "&"),
            (.operator, "~"), (.operator, "%"), (.operator, "+"), (.operator, "-"),
            (.operator, "*"), (.operator, "/"), (.operator, "="), (.operator, "<"),
            (.operator, "("), (.operator, ")"), (.operator, ","),
            (.operator, ";"), (.operator, "."), (.operator, ">"),
        ])
        check("!a", [(.illegal, "!"), (.identifier, "a")])
    }

    @Test func parameters() {
        check("? ?12 :name @n $x $a::b(c) #t ?1?2", [
            (.parameter, "?"), (.whitespace, " "), (.parameter, "?12"), (.whitespace, " "),
            (.parameter, ":name"), (.whitespace, " "), (.parameter, "@n"), (.whitespace, " "),
            (.parameter, "$x"), (.whitespace, " "), (.parameter, "$a::b(c)"), (.whitespace, " "),
            (.parameter, "#t"), (.whitespace, " "), (.parameter, "?1"), (.parameter, "?2"),
        ])
        check(": $ $(x) $a(b c)", [
            (.illegal, ":"), (.whitespace, " "), (.illegal, "$"), (.whitespace, " "),
            (.illegal, "$"), (.operator, "("), (.identifier, "x"), (.operator, ")"),
            (.whitespace, " "), (.illegal, "$a(b"), (.whitespace, " "), (.identifier, "c"), (.operator, ")"),
        ])
        check("$a::", [(.parameter, "$a::")])
    }

    @Test func whitespaceRunsAndIllegalBytes() {
        check(" \t\n\r\u{0C}\u{0B}x", [(.whitespace, " \t\n\r\u{0C}\u{0B}"), (.identifier, "x")])
        check("\u{0B}^\\", [(.illegal, "\u{0B}"), (.illegal, "^"), (.illegal, "\\")])
        check("a\u{0}b", [(.identifier, "a"), (.illegal, "\u{0}"), (.identifier, "b")])
    }

    /// Every byte sequence tokenizes without a gap, an overlap or a trap, in linear time.
    @Test func hostileInputsAreCoveredExactly() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("'\"`[]xX0123456789.eE+-*/?:$@#()-\n \t\u{0}\u{0B}abc_é|<>=!".utf8)
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 40)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                if generator.next() % 8 == 0 {
                    bytes.append(UInt8(truncatingIfNeeded: generator.next()))
                } else {
                    bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
                }
            }
            let tokens = SQLTokenizer.tokenize(bytes)
            var offset = 0
            for token in tokens {
                #expect(token.range.lowerBound == offset && !token.range.isEmpty)
                offset = token.range.upperBound
            }
            #expect(offset == bytes.count)
        }
        let long = Array(repeating: UInt8(ascii: "'"), count: 1) + Array(repeating: UInt8(ascii: "a"), count: 200_000)
        #expect(SQLTokenizer.tokenize(long).count == 1)
    }
}

/// A small deterministic generator so hostile-input and generated-text tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
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
