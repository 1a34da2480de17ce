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

    /// Every word the signals above look at (uppercased), by first letter. Keep in step with their `switch`.
    private static let signalWordsByFirstLetter: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 128)
        for word in ["ILIKE", "SERIAL", "BIGSERIAL", "SMALLSERIAL", "TIMESTAMPTZ", "JSONB", "BYTEA", "AUTO_INCREMENT", "DUAL",
                     "NOW", "CURDATE", "CURTIME", "UNIX_TIMESTAMP", "GETDATE", "SYSDATE", "DUPLICATE", "SHOW", "DESCRIBE",
                     "TRUNCATE", "ENGINE", "DISTINCT", "FOR", "ANY", "ALL", "INTERVAL"] {
            let bytes = Array(word.utf8)
            table[Int(bytes[0])].append(bytes)
        }
        return table
    }()

    /// False only when no signal can be in `sql`: no `:` (casts, `::` in parameters), no `@`,
    /// no non-ASCII byte (Unicode uppercasing turns `ſhow` into `SHOW`), and no word spelling
    /// one of the signal words. A word token (``SQLTokenizer``) starts at a letter that follows
    /// no identifier byte and ends where identifier bytes end, so every one is such a spelling
    /// standing between bytes that are not identifier bytes. (A number's digits are identifier
    /// bytes too: `1e5` is one run, as in the tokenizer.)
    static func mayHoldSignal(_ sql: String) -> Bool {
        var sql = sql
        return sql.withUTF8 { bytes in
            let count = bytes.count
            var previousIsIdentifierByte = false
            var inNumberedPlaceholder = false
            for index in 0..<count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@") || byte >= 0x80 { return true }
                // A word token starts only where an identifier run starts (a signal word inside
                // `followers` or `x_now` is no token of its own), except after `?NNN`, whose
                // digits end the placeholder (`?1NOW` is `?1` and `NOW`).
                let startsWord = !previousIsIdentifierByte
                inNumberedPlaceholder = byte == UInt8(ascii: "?") || inNumberedPlaceholder && SQLTokenizer.isDigit(byte)
                previousIsIdentifierByte = !inNumberedPlaceholder && SQLTokenizer.isIdentifierCharacter(byte)
                guard startsWord else { continue }
                let upperFirst = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
                candidates: for word in signalWordsByFirstLetter[Int(upperFirst)] {
                    let end = index + word.count
                    guard end <= count, end == count || !SQLTokenizer.isIdentifierCharacter(bytes[end]) else { continue }
                    for offset in 1..<word.count {
                        let letter = bytes[index + offset]
                        if (letter >= 0x61 && letter <= 0x7A ? letter - 0x20 : letter) != word[offset] { continue candidates }
                    }
                    return true
                }
            }
            return false
        }
    }
}
