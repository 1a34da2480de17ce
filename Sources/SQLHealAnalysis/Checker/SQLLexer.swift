/// The checker's and schema helpers' view of SQL tokens: ``SQLTokenizer``'s tokens (SQLite's
/// own rules, so offsets agree with `sqlite3_error_offset`) without trivia, each with the text a
/// parser compares: words uppercased, quoted names unquoted.
struct SQLLexer {
    enum Kind: Equatable {
        /// A bare word: keyword or identifier (`SELECT`, `users`).
        case word
        /// `"x"`, `` `x` ``, `[x]`.
        case quotedIdentifier
        case string
        case blob
        case number
        /// `?`, `?3`, `:name`, `@name`, `$name`.
        case parameter
        /// Punctuation and operators: `(`, `)`, `,`, `;`, `.`, `=`, `<=`, `||`, …
        case symbol
    }

    struct Token: Equatable {
        var kind: Kind
        /// Byte range in the SQL.
        var range: Range<Int>
        /// For words: the word uppercased (keywords compare against this). For quoted
        /// identifiers: the unquoted name. For symbols and parameters: the text.
        var text: String
        /// For words: as written. For quoted identifiers: the unquoted name. Otherwise as ``text``.
        var name: String

        init(kind: Kind, range: Range<Int>, text: String, name: String? = nil) {
            self.kind = kind
            self.range = range
            self.text = text
            self.name = name ?? text
        }

        /// The identifier this token names, if it can name one (bare word or quoted identifier).
        var identifier: String? {
            switch kind {
            case .word, .quotedIdentifier: return name
            default: return nil
            }
        }

        func isKeyword(_ keyword: String) -> Bool { kind == .word && text == keyword }
        func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }
    }

    /// Tokens of `sql` without whitespace and comments.
    static func tokenize(_ sql: String) -> [Token] {
        tokenize(Array(sql.utf8))
    }

    static func tokenize(_ bytes: [UInt8]) -> [Token] {
        let raw = SQLTokenizer.tokenize(bytes)
        var tokens: [Token] = []
        tokens.reserveCapacity(raw.count / 2 + 1)
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        for token in raw where !token.isTrivia {
            switch token.kind {
            case .identifier, .keyword:
                let written = text(token.range)
                tokens.append(Token(kind: .word, range: token.range, text: written.uppercased(), name: written))
            case .quotedIdentifier:
                tokens.append(Token(kind: .quotedIdentifier, range: token.range, text: SQLTokenizer.unquotedIdentifier(text(token.range))))
            case .string:
                let written = text(token.range)
                tokens.append(Token(kind: .string, range: token.range, text: SQLTokenizer.stringLiteralValue(written) ?? written))
            case .blob:
                tokens.append(Token(kind: .blob, range: token.range, text: text(token.range)))
            case .integer, .float:
                tokens.append(Token(kind: .number, range: token.range, text: text(token.range)))
            case .parameter:
                tokens.append(Token(kind: .parameter, range: token.range, text: text(token.range)))
            case .operator, .illegal, .whitespace, .lineComment, .blockComment:
                tokens.append(Token(kind: .symbol, range: token.range, text: text(token.range)))
            }
        }
        return tokens
    }

    /// Splits `sql` into statements, as byte ranges that include their terminating `;`.
    /// A `CREATE TRIGGER` body (`BEGIN … END`) is one statement whatever `;` it holds.
    /// Ranges holding only whitespace and comments are dropped.
    static func statementRanges(_ tokens: [Token], sqlLength: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var statementStartToken: Int?
        var isTrigger = false
        var caseDepth = 0
        var sawBegin = false
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if statementStartToken == nil {
                if token.isSymbol(";") { index += 1; continue }
                statementStartToken = index
                isTrigger = false
                caseDepth = 0
                sawBegin = false
                // CREATE [TEMP|TEMPORARY] TRIGGER
                if token.isKeyword("CREATE") {
                    var look = index + 1
                    if look < tokens.count && (tokens[look].isKeyword("TEMP") || tokens[look].isKeyword("TEMPORARY")) { look += 1 }
                    if look < tokens.count && tokens[look].isKeyword("TRIGGER") { isTrigger = true }
                }
            }
            if isTrigger {
                if token.isKeyword("BEGIN") { sawBegin = true }
                if token.isKeyword("CASE") { caseDepth += 1 }
                if token.isKeyword("END") {
                    if caseDepth > 0 { caseDepth -= 1 } else if sawBegin { isTrigger = false }
                }
            }
            if token.isSymbol(";") && !isTrigger, let first = statementStartToken {
                ranges.append(tokens[first].range.lowerBound..<token.range.upperBound)
                statementStartToken = nil
            }
            index += 1
        }
        if let first = statementStartToken, let last = tokens.last {
            ranges.append(tokens[first].range.lowerBound..<max(last.range.upperBound, tokens[first].range.upperBound))
        }
        _ = sqlLength
        return ranges
    }
}
