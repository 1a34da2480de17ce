/// One token of SQL text, located by its UTF-8 byte range in the SQL.
public struct SQLToken: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// Spaces, tabs, newlines, form feeds, carriage returns.
        case whitespace
        /// `-- …` up to (not including) the newline.
        case lineComment
        /// `/* … */`, or `/* …` running to the end of the text when unterminated.
        case blockComment
        /// A bare word that is not one of SQLite's keywords (`users`, `user_id`, `été`).
        case identifier
        /// A bare word that is one of SQLite's keywords (`SELECT`, `from`). Many keywords can
        /// also be used as names (SQLite's `%fallback ID`), so a parser decides by position.
        case keyword
        /// `"x"`, `` `x` `` or `[x]`, with doubled-delimiter escapes for the first two.
        case quotedIdentifier
        /// `'it''s'`.
        case string
        /// `X'ab01'` (an even number of hex digits).
        case blob
        /// `42`, `0x2A`.
        case integer
        /// `1.5`, `.5`, `1e10`, `2.`.
        case float
        /// `?`, `?12`, `:name`, `@name`, `$name`, `$a::b(c)`, `#name`.
        case parameter
        /// Operators and punctuation: `=`, `==`, `<>`, `!=`, `||`, `->`, `->>`, `(`, `,`, `.`, `;`, …
        case `operator`
        /// Anything SQLite's tokenizer rejects: an unterminated string or quoted name, `1_000`,
        /// `12abc`, a malformed blob, a lone `!`, a NUL byte.
        case illegal
    }

    public var kind: Kind
    public var range: ByteRange

    public init(kind: Kind, range: ByteRange) {
        self.kind = kind
        self.range = range
    }

    /// Whitespace and comments: what a parser skips.
    public var isTrivia: Bool { kind == .whitespace || kind == .lineComment || kind == .blockComment }
}

/// SQL text split into tokens by the rules of SQLite's own tokenizer (`tokenize.c`, 3.40), with
/// helpers to read a token's text and the name an identifier token stands for.
///
/// Tokens cover the text without gaps or overlaps, in order; tokenizing is linear and never
/// fails: what SQLite would reject becomes an ``SQLToken/Kind/illegal`` token.
///
/// ```swift
/// let sql = TokenizedSQL("SELECT * FROM \"my table\" WHERE id = ?1")
/// sql.significantTokens.map { sql.text(of: $0) }
/// // ["SELECT", "*", "FROM", "\"my table\"", "WHERE", "id", "=", "?1"]
/// sql.identifierName(of: sql.significantTokens[3]) // "my table"
/// ```
public struct TokenizedSQL: Sendable, Hashable {
    public let bytes: [UInt8]
    /// Every token, trivia included.
    public let tokens: [SQLToken]

    public init(_ sql: String) {
        self.init(bytes: Array(sql.utf8))
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.tokens = SQLTokenizer.tokenize(bytes)
    }

    /// Tokens without whitespace and comments.
    public var significantTokens: [SQLToken] { tokens.filter { !$0.isTrivia } }

    /// The token's text exactly as written.
    public func text(of token: SQLToken) -> String {
        text(in: token.range)
    }

    public func text(in range: ByteRange) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// The name a bare or quoted identifier (or a keyword used as a name) stands for, with
    /// quotes removed and doubled delimiters undone; `nil` for other tokens.
    public func identifierName(of token: SQLToken) -> String? {
        switch token.kind {
        case .identifier, .keyword:
            return text(of: token)
        case .quotedIdentifier:
            return SQLTokenizer.unquotedIdentifier(text(of: token))
        default:
            return nil
        }
    }

    /// True when `token` is the keyword `word` (ASCII case-insensitive).
    public func isKeyword(_ token: SQLToken, _ word: String) -> Bool {
        token.kind == .keyword && token.range.count == word.utf8.count && text(of: token).uppercased() == word
    }

    /// True when `token` is the operator or punctuation `symbol`.
    public func isOperator(_ token: SQLToken, _ symbol: String) -> Bool {
        token.kind == .operator && token.range.count == symbol.utf8.count && text(of: token) == symbol
    }
}

/// SQLite's tokenizer, byte for byte.
public enum SQLTokenizer {
    /// Splits `bytes` into tokens covering every byte, in one linear pass.
    public static func tokenize(_ bytes: [UInt8]) -> [SQLToken] {
        var tokens: [SQLToken] = []
        tokens.reserveCapacity(bytes.count / 3 + 1)
        var offset = 0
        while offset < bytes.count {
            let (kind, length) = nextToken(bytes, at: offset)
            // Every branch consumes at least one byte; the guard keeps that true whatever happens.
            let advance = max(1, min(length, bytes.count - offset))
            tokens.append(SQLToken(kind: kind, range: offset..<(offset + advance)))
            offset += advance
        }
        return tokens
    }

    public static func tokenize(_ sql: String) -> [SQLToken] {
        tokenize(Array(sql.utf8))
    }

    /// SQLite's keywords (3.40, `mkkeywordhash.c`), uppercased.
    public static let keywords: Set<String> = [
        "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "AS", "ASC",
        "ATTACH", "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST",
        "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS",
        "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT",
        "DEFERRABLE", "DEFERRED", "DELETE", "DESC", "DETACH", "DISTINCT", "DO", "DROP", "EACH",
        "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE", "EXISTS", "EXPLAIN", "FAIL",
        "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB",
        "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED",
        "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN",
        "KEY", "LAST", "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT",
        "NOTHING", "NOTNULL", "NULL", "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS",
        "OUTER", "OVER", "PARTITION", "PLAN", "PRAGMA", "PRECEDING", "PRIMARY", "QUERY", "RAISE",
        "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RENAME", "REPLACE",
        "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT", "SET",
        "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO", "TRANSACTION", "TRIGGER", "UNBOUNDED",
        "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES", "VIEW", "VIRTUAL", "WHEN",
        "WHERE", "WINDOW", "WITH", "WITHOUT",
    ]

    /// `"a""b"` → `a"b`, `` `a``b` `` → `` a`b ``, `[a b]` → `a b`; other text is returned unchanged.
    public static func unquotedIdentifier(_ text: String) -> String {
        guard let first = text.first, text.count >= 2 else { return text }
        switch first {
        case "\"", "`":
            guard text.last == first else { return text }
            let inner = text.dropFirst().dropLast()
            return String(inner).replacing(String(first) + String(first), with: String(first))
        case "[":
            guard text.last == "]" else { return text }
            return String(text.dropFirst().dropLast())
        default:
            return text
        }
    }

    /// The body of a string literal `'it''s'` → `it's`; `nil` when `text` is not one.
    public static func stringLiteralValue(_ text: String) -> String? {
        guard text.count >= 2, text.first == "'", text.last == "'" else { return nil }
        return String(text.dropFirst().dropLast()).replacing("''", with: "'")
    }

    // MARK: - Character classes (sqlite3CtypeMap)

    /// Bytes that may continue an identifier: ASCII letters and digits, `_`, `$`, and every byte
    /// of a multi-byte UTF-8 character.
    @inline(__always)
    static func isIdentifierCharacter(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte) || byte == UInt8(ascii: "$")
    }

    /// Bytes that may start a bare identifier (the tokenizer's CC_KYWD, CC_ID and CC_X classes).
    @inline(__always)
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inline(__always)
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    /// `sqlite3Isspace`: what continues a whitespace run (vertical tab included).
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// What starts a whitespace token (CC_SPACE): a vertical tab alone is illegal in SQLite.
    @inline(__always)
    static func startsSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }

    // MARK: - sqlite3GetToken

    /// The kind and length of the token starting at `start` (always at least one byte).
    /// Reading past the end yields 0, the way SQLite's NUL terminator stops every loop.
    static func nextToken(_ z: [UInt8], at start: Int) -> (SQLToken.Kind, Int) {
        let count = z.count
        @inline(__always) func at(_ index: Int) -> UInt8 {
            let position = start + index
            return position < count ? z[position] : 0
        }
        let first = at(0)
        switch first {
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D:
            var i = 1
            while isSpace(at(i)) { i += 1 }
            return (.whitespace, i)
        case UInt8(ascii: "-"):
            if at(1) == UInt8(ascii: "-") {
                var i = 2
                while true {
                    let c = at(i)
                    if c == 0 || c == 0x0A { break }
                    i += 1
                }
                // A NUL byte inside the text ends the comment like SQLite's terminator would;
                // the NUL itself then becomes an illegal token.
                return (.lineComment, i)
            }
            if at(1) == UInt8(ascii: ">") {
                return (.operator, at(2) == UInt8(ascii: ">") ? 3 : 2)
            }
            return (.operator, 1)
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ";"), UInt8(ascii: "+"), UInt8(ascii: "*"),
             UInt8(ascii: "%"), UInt8(ascii: ","), UInt8(ascii: "&"), UInt8(ascii: "~"):
            return (.operator, 1)
        case UInt8(ascii: "/"):
            // `/*` at the very end is a slash followed by a star, as in SQLite.
            guard at(1) == UInt8(ascii: "*"), at(2) != 0 else { return (.operator, 1) }
            // Mirrors `for(i=3, c=z[2]; (c!='*' || z[i]!='/') && (c=z[i])!=0; i++){}`: the
            // closing `*/` may not reuse the opening `*`, so `/*/` is still open.
            var i = 3
            var c = at(2)
            while true {
                if c == UInt8(ascii: "*") && at(i) == UInt8(ascii: "/") { return (.blockComment, i + 1) }
                c = at(i)
                if c == 0 { return (.blockComment, i) }
                i += 1
            }
        case UInt8(ascii: "="):
            return (.operator, at(1) == UInt8(ascii: "=") ? 2 : 1)
        case UInt8(ascii: "<"):
            let next = at(1)
            if next == UInt8(ascii: "=") || next == UInt8(ascii: ">") || next == UInt8(ascii: "<") { return (.operator, 2) }
            return (.operator, 1)
        case UInt8(ascii: ">"):
            let next = at(1)
            if next == UInt8(ascii: "=") || next == UInt8(ascii: ">") { return (.operator, 2) }
            return (.operator, 1)
        case UInt8(ascii: "!"):
            return at(1) == UInt8(ascii: "=") ? (.operator, 2) : (.illegal, 1)
        case UInt8(ascii: "|"):
            return (.operator, at(1) == UInt8(ascii: "|") ? 2 : 1)
        case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
            let delimiter = first
            var i = 1
            var c: UInt8 = 0
            while true {
                c = at(i)
                if c == 0 { break }
                if c == delimiter {
                    if at(i + 1) == delimiter {
                        i += 1
                    } else {
                        break
                    }
                }
                i += 1
            }
            if c == 0 || start + i >= count { return (.illegal, max(1, i)) }
            return (delimiter == UInt8(ascii: "'") ? .string : .quotedIdentifier, i + 1)
        case UInt8(ascii: "."):
            if !isDigit(at(1)) { return (.operator, 1) }
            return number(at, startsWithDot: true)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number(at, startsWithDot: false)
        case UInt8(ascii: "["):
            var i = 1
            var c = first
            while c != UInt8(ascii: "]") {
                c = at(i)
                if c == 0 { break }
                i += 1
            }
            return (c == UInt8(ascii: "]") ? .quotedIdentifier : .illegal, i)
        case UInt8(ascii: "?"):
            var i = 1
            while isDigit(at(i)) { i += 1 }
            return (.parameter, i)
        case UInt8(ascii: "$"), UInt8(ascii: "@"), UInt8(ascii: ":"), UInt8(ascii: "#"):
            return namedParameter(at)
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            if at(1) == UInt8(ascii: "'") {
                var i = 2
                while isHexDigit(at(i)) { i += 1 }
                var kind = SQLToken.Kind.blob
                if at(i) != UInt8(ascii: "'") || i % 2 != 0 {
                    kind = .illegal
                    while at(i) != 0 && at(i) != UInt8(ascii: "'") { i += 1 }
                }
                if at(i) != 0 { i += 1 }
                return (kind, i)
            }
            return word(z, start: start, at)
        default:
            if isIdentifierStart(first) { return word(z, start: start, at) }
            return (.illegal, 1)
        }
    }

    private static func word(_ z: [UInt8], start: Int, _ at: (Int) -> UInt8) -> (SQLToken.Kind, Int) {
        var i = 1
        while isIdentifierCharacter(at(i)) { i += 1 }
        return (isKeyword(z, start: start, length: i) ? .keyword : .identifier, i)
    }

    /// Keywords as uppercase bytes, grouped by length (all are 2 to 17 bytes long), so a word is
    /// compared without allocating.
    private static let keywordsByLength: [[[UInt8]]] = {
        var groups = [[[UInt8]]](repeating: [], count: 18)
        for keyword in keywords {
            let bytes = Array(keyword.utf8)
            if bytes.count < groups.count { groups[bytes.count].append(bytes) }
        }
        return groups
    }()

    private static func isKeyword(_ z: [UInt8], start: Int, length: Int) -> Bool {
        guard length >= 2, length < keywordsByLength.count, start + length <= z.count else { return false }
        @inline(__always) func upper(_ byte: UInt8) -> UInt8 { byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte }
        let first = upper(z[start])
        candidates: for candidate in keywordsByLength[length] where candidate[0] == first {
            for offset in 1..<length where upper(z[start + offset]) != candidate[offset] { continue candidates }
            return true
        }
        return false
    }

    private static func number(_ at: (Int) -> UInt8, startsWithDot: Bool) -> (SQLToken.Kind, Int) {
        var kind = SQLToken.Kind.integer
        if !startsWithDot && at(0) == UInt8(ascii: "0") && (at(1) == UInt8(ascii: "x") || at(1) == UInt8(ascii: "X")) && isHexDigit(at(2)) {
            var i = 3
            while isHexDigit(at(i)) { i += 1 }
            return (.integer, i)
        }
        var i = 0
        while isDigit(at(i)) { i += 1 }
        if at(i) == UInt8(ascii: ".") {
            i += 1
            while isDigit(at(i)) { i += 1 }
            kind = .float
        }
        if at(i) == UInt8(ascii: "e") || at(i) == UInt8(ascii: "E") {
            let next = at(i + 1)
            if isDigit(next) || ((next == UInt8(ascii: "+") || next == UInt8(ascii: "-")) && isDigit(at(i + 2))) {
                i += 2
                while isDigit(at(i)) { i += 1 }
                kind = .float
            }
        }
        // `1_000`, `12abc`: SQLite 3.40 swallows the identifier characters into one illegal token.
        while isIdentifierCharacter(at(i)) {
            kind = .illegal
            i += 1
        }
        return (kind, i)
    }

    private static func namedParameter(_ at: (Int) -> UInt8) -> (SQLToken.Kind, Int) {
        var kind = SQLToken.Kind.parameter
        var nameLength = 0
        var i = 1
        while true {
            let c = at(i)
            if c == 0 { break }
            if isIdentifierCharacter(c) {
                nameLength += 1
            } else if c == UInt8(ascii: "(") && nameLength > 0 {
                // Tcl-style `$a(index)`: runs to `)`, or is illegal at whitespace or the end.
                var d: UInt8
                repeat {
                    i += 1
                    d = at(i)
                } while d != 0 && !isSpace(d) && d != UInt8(ascii: ")")
                if d == UInt8(ascii: ")") {
                    i += 1
                } else {
                    kind = .illegal
                }
                break
            } else if c == UInt8(ascii: ":") && at(i + 1) == UInt8(ascii: ":") {
                i += 1
            } else {
                break
            }
            i += 1
        }
        if nameLength == 0 { kind = .illegal }
        return (kind, i)
    }
}
