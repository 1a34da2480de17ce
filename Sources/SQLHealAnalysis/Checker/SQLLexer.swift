/// A small SQLite tokenizer for the checker and the schema helpers: enough to find words,
/// parameters and statement boundaries, never more. It follows SQLite's own `tokenize.c` rules
/// for where tokens start and end (quoted identifiers, string and blob literals, comments,
/// `?NNN`/`:name`/`@name`/`$name` parameters), so offsets agree with `sqlite3_error_offset`.
///
/// It never traps: unterminated literals and comments run to the end of the text.
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

        /// The identifier this token names, if it can name one (bare word or quoted identifier).
        var identifier: String? {
            switch kind {
            case .word, .quotedIdentifier: return text
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
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 4)
        var index = 0
        let count = bytes.count
        func byte(_ at: Int) -> UInt8 { at < count ? bytes[at] : 0 }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        while index < count {
            let start = index
            let current = bytes[index]
            switch current {
            case 0x20, 0x09, 0x0A, 0x0C, 0x0D:
                index += 1
            case UInt8(ascii: "-") where byte(index + 1) == UInt8(ascii: "-"):
                while index < count && bytes[index] != 0x0A { index += 1 }
            case UInt8(ascii: "/") where byte(index + 1) == UInt8(ascii: "*"):
                index += 2
                while index < count && !(bytes[index] == UInt8(ascii: "*") && byte(index + 1) == UInt8(ascii: "/")) { index += 1 }
                index = min(count, index + 2)
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                index += 1
                var value: [UInt8] = []
                while index < count {
                    if bytes[index] == current {
                        if byte(index + 1) == current { value.append(current); index += 2; continue }
                        index += 1
                        break
                    }
                    value.append(bytes[index])
                    index += 1
                }
                let kind: Kind = current == UInt8(ascii: "'") ? .string : .quotedIdentifier
                tokens.append(Token(kind: kind, range: start..<index, text: String(decoding: value, as: UTF8.self)))
            case UInt8(ascii: "["):
                index += 1
                while index < count && bytes[index] != UInt8(ascii: "]") { index += 1 }
                let inner = text((start + 1)..<index)
                index = min(count, index + 1)
                tokens.append(Token(kind: .quotedIdentifier, range: start..<index, text: inner))
            case UInt8(ascii: "?"):
                index += 1
                while index < count && isDigit(bytes[index]) { index += 1 }
                tokens.append(Token(kind: .parameter, range: start..<index, text: text(start..<index)))
            case UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "$"):
                index += 1
                while index < count {
                    if isIdentifierByte(bytes[index]) { index += 1; continue }
                    // `$a::b` (Tcl namespaces) and `$a(x)` are part of a `$` parameter in SQLite.
                    if current == UInt8(ascii: "$") && bytes[index] == UInt8(ascii: ":") && byte(index + 1) == UInt8(ascii: ":") {
                        index += 2
                        continue
                    }
                    break
                }
                if index == start + 1 {
                    tokens.append(Token(kind: .symbol, range: start..<index, text: text(start..<index)))
                } else {
                    tokens.append(Token(kind: .parameter, range: start..<index, text: text(start..<index)))
                }
            case _ where (current | 0x20) == UInt8(ascii: "x") && byte(index + 1) == UInt8(ascii: "'"):
                index += 2
                while index < count && bytes[index] != UInt8(ascii: "'") { index += 1 }
                index = min(count, index + 1)
                tokens.append(Token(kind: .blob, range: start..<index, text: text(start..<index)))
            case _ where isDigit(current) || (current == UInt8(ascii: ".") && isDigit(byte(index + 1))):
                index += 1
                while index < count {
                    let next = bytes[index]
                    if isIdentifierByte(next) || next == UInt8(ascii: ".") {
                        index += 1
                    } else if (next == UInt8(ascii: "+") || next == UInt8(ascii: "-")) && (bytes[index - 1] | 0x20) == UInt8(ascii: "e") && !isHexLiteral(bytes, start) {
                        index += 1
                    } else {
                        break
                    }
                }
                tokens.append(Token(kind: .number, range: start..<index, text: text(start..<index)))
            case _ where isIdentifierStart(current):
                index += 1
                while index < count && isIdentifierByte(bytes[index]) { index += 1 }
                tokens.append(Token(kind: .word, range: start..<index, text: text(start..<index).uppercased()))
            default:
                index += 1
                let pair = (current, byte(index))
                let twoByte: Bool
                switch pair {
                case (UInt8(ascii: "<"), UInt8(ascii: "=")), (UInt8(ascii: ">"), UInt8(ascii: "=")),
                     (UInt8(ascii: "!"), UInt8(ascii: "=")), (UInt8(ascii: "="), UInt8(ascii: "=")),
                     (UInt8(ascii: "<"), UInt8(ascii: ">")), (UInt8(ascii: "|"), UInt8(ascii: "|")),
                     (UInt8(ascii: "<"), UInt8(ascii: "<")), (UInt8(ascii: ">"), UInt8(ascii: ">")),
                     (UInt8(ascii: "-"), UInt8(ascii: ">")):
                    twoByte = true
                default:
                    twoByte = false
                }
                if twoByte {
                    index += 1
                    if current == UInt8(ascii: "-") && byte(index) == UInt8(ascii: ">") { index += 1 }  // `->>`
                }
                tokens.append(Token(kind: .symbol, range: start..<index, text: text(start..<index)))
            }
        }
        return tokens
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte) || byte == UInt8(ascii: "$")
    }

    private static func isHexLiteral(_ bytes: [UInt8], _ start: Int) -> Bool {
        start + 1 < bytes.count && bytes[start] == UInt8(ascii: "0") && (bytes[start + 1] | 0x20) == UInt8(ascii: "x")
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
