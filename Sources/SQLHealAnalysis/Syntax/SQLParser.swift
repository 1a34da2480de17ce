/// A hand-written, error-tolerant recursive-descent parser for SQLite's grammar, reading the
/// tokens of ``SQLTokenizer`` (so every range is the tokenizer's, byte for byte).
///
/// It never fails and always advances: where a clause is missing it records `.missing` or an
/// empty list and goes on, and a token it cannot place is skipped (its offset recorded in
/// ``SQLSyntaxTree/unexpectedTokenOffsets``). Nesting deeper than ``maximumDepth`` is cut off so
/// hostile input cannot exhaust the stack.
///
/// ```swift
/// let tree = SQLParser.parse("SELECT u.name FROM users AS u WHERE u.id = ?")
/// // tree.statements[0].kind == .select(…), with `u.name` a column reference at 7..<13
/// ```
public struct SQLParser {
    public static let maximumDepth = 200

    public static func parse(_ sql: String) -> SQLSyntaxTree {
        parse(TokenizedSQL(sql))
    }

    public static func parse(_ sql: TokenizedSQL) -> SQLSyntaxTree {
        var parser = SQLParser(sql)
        let statements = parser.parseStatements()
        return SQLSyntaxTree(sql: sql, statements: statements, unexpectedTokenOffsets: parser.unexpectedTokenOffsets)
    }

    let sql: TokenizedSQL
    let tokens: [SQLToken]
    /// Per significant token: its uppercased text for keywords, its text for operators, "" otherwise.
    let words: [String]
    var position = 0
    var lastEnd = 0
    var depth = 0
    var unexpectedTokenOffsets: [Int] = []

    init(_ sql: TokenizedSQL) {
        self.sql = sql
        let significant = sql.significantTokens
        self.tokens = significant
        self.words = significant.map { token in
            switch token.kind {
            case .keyword: sql.text(of: token).uppercased()
            case .operator: sql.text(of: token)
            default: ""
            }
        }
    }

    // MARK: - Cursor

    var isAtEnd: Bool { position >= tokens.count }
    var current: SQLToken? { position < tokens.count ? tokens[position] : nil }
    /// Where the next token starts (the end of the text when there is none).
    var currentStart: Int { current?.range.lowerBound ?? sql.bytes.count }

    func word(at offset: Int = 0) -> String {
        let index = position + offset
        return index < words.count ? words[index] : ""
    }

    func kind(at offset: Int = 0) -> SQLToken.Kind? {
        let index = position + offset
        return index < tokens.count ? tokens[index].kind : nil
    }

    func check(_ word: String, at offset: Int = 0) -> Bool { self.word(at: offset) == word }

    mutating func advance() {
        guard position < tokens.count else { return }
        lastEnd = tokens[position].range.upperBound
        position += 1
    }

    @discardableResult
    mutating func accept(_ word: String) -> Bool {
        guard check(word) else { return false }
        advance()
        return true
    }

    /// Accepts the words in order, all or nothing.
    @discardableResult
    mutating func accept(sequence: String...) -> Bool {
        for (index, word) in sequence.enumerated() where !check(word, at: index) { return false }
        for _ in sequence { advance() }
        return true
    }

    mutating func expect(_ word: String) {
        if !accept(word) { noteUnexpected() }
    }

    mutating func noteUnexpected() {
        unexpectedTokenOffsets.append(currentStart)
    }

    func range(from start: Int) -> ByteRange { start..<max(start, lastEnd) }

    // MARK: - Names

    /// Keywords SQLite lets stand as names (`%fallback ID` in parse.y, plus the LIKE, CURRENT_*
    /// and join keywords its `nm`/`ids` rules take).
    static let fallbackKeywords: Set<String> = [
        "ABORT", "ACTION", "AFTER", "ANALYZE", "ASC", "ATTACH", "BEFORE", "BEGIN", "BY", "CASCADE",
        "CAST", "COLUMN", "CONFLICT", "DATABASE", "DEFERRED", "DESC", "DETACH", "DO", "EACH", "END",
        "EXCLUSIVE", "EXPLAIN", "FAIL", "FOR", "IGNORE", "IMMEDIATE", "INITIALLY", "INSTEAD", "LIKE",
        "GLOB", "REGEXP", "MATCH", "NO", "PLAN", "QUERY", "KEY", "OF", "OFFSET", "PRAGMA", "RAISE",
        "RECURSIVE", "RELEASE", "REPLACE", "RESTRICT", "ROW", "ROWS", "ROLLBACK", "SAVEPOINT", "TEMP",
        "TRIGGER", "VACUUM", "VIEW", "VIRTUAL", "WITH", "WITHOUT", "NULLS", "FIRST", "LAST",
        "CURRENT", "FOLLOWING", "PARTITION", "PRECEDING", "RANGE", "UNBOUNDED", "EXCLUDE", "GROUPS",
        "OTHERS", "TIES", "GENERATED", "ALWAYS", "MATERIALIZED", "REINDEX", "RENAME", "IF",
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
    ]

    /// The join keywords (`JOIN_KW` in parse.y): names in SQLite's `nm` and `idj` rules (a column
    /// named `left`, as session-desktop's migrations add), never a bare alias.
    static let joinKeywords: Set<String> = ["CROSS", "FULL", "INNER", "LEFT", "NATURAL", "OUTER", "RIGHT"]

    /// True when the token `offset` ahead can be a name.
    func isName(at offset: Int = 0) -> Bool {
        switch kind(at: offset) {
        case .identifier, .quotedIdentifier: true
        case .string: true
        case .keyword: Self.fallbackKeywords.contains(word(at: offset)) || Self.joinKeywords.contains(word(at: offset))
        default: false
        }
    }

    /// A name that stands where an alias may (without `AS`): not a word that starts the next clause.
    func isBareAlias(at offset: Int = 0) -> Bool {
        switch kind(at: offset) {
        case .identifier, .quotedIdentifier: true
        case .keyword:
            Self.fallbackKeywords.contains(word(at: offset)) && !["DO", "END", "OFFSET", "WITH"].contains(word(at: offset))
        default: false
        }
    }

    mutating func parseName() -> SQLName? {
        if let placeholder = parsePlaceholderName() { return placeholder }
        guard isName(), let token = current else { return nil }
        advance()
        let text: String
        if token.kind == .string {
            text = SQLTokenizer.stringLiteralValue(sql.text(of: token)) ?? sql.text(of: token)
        } else {
            text = sql.identifierName(of: token) ?? sql.text(of: token)
        }
        return SQLName(text: text, range: token.range)
    }

    /// A hole where a name goes (`FROM ${table}`), alone or glued to name characters
    /// (`item${kind}s`, `${prefix}Relations`): one name the text does not show, so that the
    /// statement around it is still read.
    mutating func parsePlaceholderName() -> SQLName? {
        func isPiece(_ offset: Int) -> Bool {
            switch kind(at: offset) {
            case .parameter, .identifier, .keyword: true
            default: false
            }
        }
        var count = 0
        var sawParameter = false
        var end = currentStart
        while position + count < tokens.count, isPiece(count), count == 0 || tokens[position + count].range.lowerBound == end {
            sawParameter = sawParameter || kind(at: count) == .parameter
            end = tokens[position + count].range.upperBound
            count += 1
        }
        guard sawParameter, let first = current else { return nil }
        for _ in 0..<count { advance() }
        let range = first.range.lowerBound..<end
        return SQLName(text: sql.text(in: range), range: range, isPlaceholder: true)
    }

    mutating func parseQualifiedName() -> SQLQualifiedName? {
        guard let first = parseName() else { return nil }
        if check("."), isName(at: 1) || kind(at: 1) == .parameter {
            advance()
            if let second = parseName() { return SQLQualifiedName(schema: first, name: second) }
        } else if check(".") {
            // `main.` being typed: the schema is known, the name is still empty.
            advance()
            return SQLQualifiedName(schema: first, name: SQLName(text: "", range: lastEnd..<lastEnd))
        }
        return SQLQualifiedName(schema: nil, name: first)
    }

    mutating func parseAlias() -> SQLName? {
        if accept("AS") { return parseName() }
        return isBareAlias() ? parseName() : nil
    }

    /// `( a, b, c )`; an empty list when there is no `(`.
    mutating func parseNameList() -> [SQLName] {
        guard accept("(") else { return [] }
        var names: [SQLName] = []
        repeat {
            if let name = parseName() { names.append(name) }
            // COLLATE x / ASC / DESC after an indexed column are not names of their own.
            while accept("ASC") || accept("DESC") || (accept("COLLATE") && parseName() != nil) {}
        } while accept(",")
        expect(")")
        return names
    }

    // MARK: - Statements

    mutating func parseStatements() -> [SQLStatement] {
        var statements: [SQLStatement] = []
        while !isAtEnd {
            if accept(";") { continue }
            let before = position
            if let statement = parseStatement() { statements.append(statement) }
            if position == before { noteUnexpected(); advance() }
            // Anything left before the `;` was not understood.
            if !isAtEnd && !check(";") {
                noteUnexpected()
                skipToStatementEnd()
            }
        }
        return statements
    }

    /// Skips to the next `;` outside parentheses.
    mutating func skipToStatementEnd() {
        var nesting = 0
        while !isAtEnd {
            if check("(") { nesting += 1 }
            if check(")") { nesting = max(0, nesting - 1) }
            if check(";") && nesting == 0 { return }
            advance()
        }
    }

    mutating func parseStatement() -> SQLStatement? {
        guard let first = current else { return nil }
        let start = first.range.lowerBound
        if accept("EXPLAIN") {
            accept(sequence: "QUERY", "PLAN")
        }
        let kind: SQLStatementKind
        switch word() {
        case "WITH":
            let with = parseWith()
            kind = parseStatementAfterWith(with)
        case "SELECT", "VALUES": kind = .select(parseSelect())
        case "INSERT", "REPLACE": kind = .insert(parseInsert(with: nil))
        case "UPDATE": kind = .update(parseUpdate(with: nil))
        case "DELETE": kind = .delete(parseDelete(with: nil))
        case "CREATE": kind = parseCreate()
        case "ALTER": kind = .alterTable(parseAlterTable())
        case "DROP": kind = .drop(parseDrop())
        case "ATTACH": kind = .attach(parseAttach())
        default:
            if check("(") {
                kind = .select(parseSelect())
            } else {
                skipToStatementEnd()
                kind = .other
            }
        }
        return SQLStatement(kind: kind, range: range(from: start), firstKeywordRange: first.range)
    }

    mutating func parseStatementAfterWith(_ with: SQLWithClause) -> SQLStatementKind {
        switch word() {
        case "INSERT", "REPLACE": return .insert(parseInsert(with: with))
        case "UPDATE": return .update(parseUpdate(with: with))
        case "DELETE": return .delete(parseDelete(with: with))
        default: return .select(parseSelect(with: with))
        }
    }
}
