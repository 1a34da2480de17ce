/// The SQL dialect a connection speaks. Only ``sqlite`` is checked; the others are recognised so
/// that their queries are left alone.
public enum SQLDialect: String, Sendable, Hashable {
    case sqlite = "SQLite"
    case postgres = "PostgreSQL"
    case mysql = "MySQL"
    /// A client that speaks several dialects (an ORM) and was not told which here, or text that
    /// is certainly not SQLite but could be several others (`NOW()`).
    case otherThanSQLite = "another dialect"
}

/// Words and shapes that SQLite does not have and PostgreSQL or MySQL do: when a query's client is
/// unknown and its text holds one of them, it is not SQLite and is left alone.
///
/// Each signal is something SQLite rejects (a syntax error or an unknown function), so taking it
/// as another dialect never hides a query SQLite could run; and each one is a word or symbol a
/// SQLite user does not write by accident (`now()` is not a SQLite function; `::` does not exist).
enum SQLDialectSignals {
    struct Signal: Equatable {
        var dialect: SQLDialect
        /// What gave it away, for notes and the debug listing (`\`::text\` cast`).
        var evidence: String
    }

    /// The first signal of another dialect in `sql`, if any (strings, comments and quoted names
    /// are never looked into).
    static func otherDialect(in sql: String) -> Signal? {
        // Runs for every query whose client says nothing: most hold none of the signals' bytes,
        // and tokenizing them (words uppercased into strings) cost more than the rest of the
        // extraction.
        guard mayHoldSignal(sql) else { return nil }
        let tokens = SQLLexer.tokenize(sql)
        for (index, token) in tokens.enumerated() {
            func next(_ offset: Int) -> SQLLexer.Token? { index + offset < tokens.count ? tokens[index + offset] : nil }
            func previous() -> SQLLexer.Token? { index >= 1 ? tokens[index - 1] : nil }
            switch token.kind {
            case .symbol:
                // SQLite's tokenizer reads `::` as two illegal colons or as part of a `:name::x`
                // variable; PostgreSQL's cast (`$1::text`, `'{}'::jsonb`).
                if token.text.hasPrefix("::") || token.text == ":" && next(1)?.text.hasPrefix(":") == true {
                    return Signal(dialect: .postgres, evidence: "`::` cast")
                }
                // `@@version`: a lone `@` (SQLite's tokenizer wants a name after it), then `@version`.
                if token.text == "@", let following = next(1), following.text.hasPrefix("@"), following.range.lowerBound == token.range.upperBound {
                    return Signal(dialect: .mysql, evidence: "`@\(following.text)` system variable")
                }
            case .parameter:
                if token.text.hasPrefix(":"), token.text.dropFirst().hasPrefix(":") { return Signal(dialect: .postgres, evidence: "`::` cast") }
                if token.text.hasPrefix("$"), token.text.contains("::") { return Signal(dialect: .postgres, evidence: "`::` cast") }
            case .word:
                switch token.text {
                case "ILIKE": return Signal(dialect: .postgres, evidence: "`ILIKE`")
                case "SERIAL", "BIGSERIAL", "SMALLSERIAL", "TIMESTAMPTZ", "JSONB", "BYTEA":
                    guard previous().map({ $0.kind == .word || $0.kind == .quotedIdentifier }) ?? false else { break }
                    return Signal(dialect: .postgres, evidence: "column type `\(token.name)`")
                case "AUTO_INCREMENT": return Signal(dialect: .mysql, evidence: "`AUTO_INCREMENT`")
                case "DUAL":
                    if previous()?.isKeyword("FROM") == true { return Signal(dialect: .mysql, evidence: "`FROM DUAL`") }
                case "NOW", "CURDATE", "CURTIME", "UNIX_TIMESTAMP", "GETDATE", "SYSDATE":
                    // SQLite has none of these functions (it has `CURRENT_TIMESTAMP` and `datetime()`).
                    if next(1)?.isSymbol("(") == true { return Signal(dialect: .otherThanSQLite, evidence: "`\(token.name)()`") }
                case "DUPLICATE":
                    if previous()?.isKeyword("ON") == true, next(1)?.isKeyword("KEY") == true { return Signal(dialect: .mysql, evidence: "`ON DUPLICATE KEY`") }
                case "SHOW", "DESCRIBE":
                    if index == 0 { return Signal(dialect: .otherThanSQLite, evidence: "`\(token.text)` statement") }
                case "TRUNCATE":
                    if index == 0 { return Signal(dialect: .otherThanSQLite, evidence: "`TRUNCATE` statement") }
                case "ENGINE":
                    if next(1)?.isSymbol("=") == true { return Signal(dialect: .mysql, evidence: "`ENGINE=`") }
                case "DISTINCT":
                    if next(1)?.isKeyword("ON") == true, next(2)?.isSymbol("(") == true { return Signal(dialect: .postgres, evidence: "`DISTINCT ON`") }
                case "FOR":
                    if next(1)?.isKeyword("UPDATE") == true || next(1)?.isKeyword("SHARE") == true, index > 0 {
                        return Signal(dialect: .otherThanSQLite, evidence: "`FOR \(next(1)!.text)` row lock")
                    }
                case "ANY", "ALL":
                    if previous()?.isSymbol("=") == true, next(1)?.isSymbol("(") == true, next(2)?.isKeyword("SELECT") != true {
                        return Signal(dialect: .postgres, evidence: "`= \(token.text)(…)` array comparison")
                    }
                case "INTERVAL":
                    if next(1)?.kind == .string || next(1)?.kind == .number { return Signal(dialect: .otherThanSQLite, evidence: "`INTERVAL` literal") }
                default:
                    break
                }
            default:
                break
            }
        }
        return nil
    }

    /// False only when no signal can be in `sql`: no `:` (casts, `::` in parameters), no `@`,
    /// no non-ASCII byte (Unicode uppercasing turns `ſhow` into `SHOW`), and no word that is one
    /// of the signal words. A word token (``SQLTokenizer``) is a whole run of identifier bytes
    /// (`followers` holds no `ROWS`; a number's digits belong to its run: `1e5`), except that a
    /// `?NNN` placeholder ends with its digits (`?1NOW` is `?1` and `NOW`).
    ///
    /// Runs for every query whose client says nothing, on every keystroke: one pass over the
    /// bytes, each run compared only with the signal words of its length and first letter.
    static func mayHoldSignal(_ sql: String) -> Bool {
        var sql = sql
        return sql.withUTF8 { bytes in
            let count = bytes.count
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@") || byte >= 0x80 { return true }
                if byte == UInt8(ascii: "?") {
                    index += 1
                    while index < count, SQLTokenizer.isDigit(bytes[index]) { index += 1 }
                    continue
                }
                guard SQLTokenizer.isIdentifierCharacter(byte) else {
                    index += 1
                    continue
                }
                let start = index
                while index < count, SQLTokenizer.isIdentifierCharacter(bytes[index]) { index += 1 }
                if index < count, bytes[index] >= 0x80 { return true }
                if isSignalWord(UnsafeBufferPointer(rebasing: bytes[start..<index])) { return true }
            }
            return false
        }
    }

    /// Whether `word` (a run of identifier bytes) is, in any case, one of the words the signals
    /// above look at. Keep in step with their `switch`.
    private static func isSignalWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count >= 3, word.count <= 14 else { return false }
        func equals(_ candidate: StaticString) -> Bool {
            guard candidate.utf8CodeUnitCount == word.count else { return false }
            let letters = candidate.utf8Start
            for offset in 0..<word.count {
                let byte = word[offset]
                if (byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte) != letters[offset] { return false }
            }
            return true
        }
        switch word[0] | 0x20 {
        case UInt8(ascii: "a"): return equals("ANY") || equals("ALL") || equals("AUTO_INCREMENT")
        case UInt8(ascii: "b"): return equals("BIGSERIAL") || equals("BYTEA")
        case UInt8(ascii: "c"): return equals("CURDATE") || equals("CURTIME")
        case UInt8(ascii: "d"): return equals("DUAL") || equals("DUPLICATE") || equals("DESCRIBE") || equals("DISTINCT")
        case UInt8(ascii: "e"): return equals("ENGINE")
        case UInt8(ascii: "f"): return equals("FOR")
        case UInt8(ascii: "g"): return equals("GETDATE")
        case UInt8(ascii: "i"): return equals("ILIKE") || equals("INTERVAL")
        case UInt8(ascii: "j"): return equals("JSONB")
        case UInt8(ascii: "n"): return equals("NOW")
        case UInt8(ascii: "s"): return equals("SERIAL") || equals("SMALLSERIAL") || equals("SYSDATE") || equals("SHOW")
        case UInt8(ascii: "t"): return equals("TIMESTAMPTZ") || equals("TRUNCATE")
        case UInt8(ascii: "u"): return equals("UNIX_TIMESTAMP")
        default: return false
        }
    }
}
