/// Decides whether a text looks like a SQL statement, without parsing it.
///
/// Prose and UI strings start with SQL words too ("Select a theme", "Delete it from the menu",
/// "Update available"), so the test depends on where the text was found:
/// - in a query position (the SQL argument of `db.all(…)`, a `sql` tagged template) the code
///   says it is SQL: a statement keyword in any case is enough, and an upper-case first word
///   followed by a clause keyword (`SELEC * FROM t`) is taken as a misspelt statement, so its
///   syntax error is reported;
/// - anywhere else (``Strictness/anywhere``) the keyword must be all upper or all lower case and
///   the statement must have its shape: `SELECT … FROM`, `INSERT INTO`, `UPDATE … SET`,
///   `DELETE FROM`, `CREATE TABLE`, `WITH name AS (`, …
enum SQLShape {
    enum Strictness {
        case queryPosition
        case anywhere
    }

    static let statementKeywords: Set<String> = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "WITH", "PRAGMA",
        "BEGIN", "COMMIT", "ROLLBACK", "END", "SAVEPOINT", "RELEASE", "VACUUM", "ANALYZE", "ATTACH",
        "DETACH", "REINDEX", "EXPLAIN", "VALUES",
    ]
    private static let statementKeywordBytes: [[UInt8]] = statementKeywords.map { Array($0.utf8) }
    private static let clauseKeywords: [StaticString] = ["FROM", "INTO", "SET", "TABLE", "WHERE", "VALUES"]

    /// The first word of the statement, as written (empty when the text starts with something else).
    static func firstWord(of sql: [UInt8]) -> String {
        words(in: sql, limit: 1).first.map { String(decoding: $0.text, as: UTF8.self) } ?? ""
    }

    static func looksLikeStatement(_ sql: [UInt8], strictness: Strictness) -> Bool {
        guard let first = words(in: sql, limit: 1).first, first.isFirstToken else { return false }
        // `'vacuum.lastTime'`, `'update.available'`: a dotted key (a setting's name passed to an
        // unrelated `get()`) starts with a keyword but is no statement.
        if first.end < sql.count, sql[first.end] == 0x2E { return false }
        let isKeyword = statementKeywordBytes.contains { $0.count == first.text.count && first.equalsIgnoringCase($0) }
        if strictness == .queryPosition, isKeyword { return startsStatement(keyword: first, in: sql) }
        let words = words(in: sql, limit: 48)
        switch strictness {
        case .queryPosition:
            // A misspelt keyword: `SELEC * FROM users` should still get its syntax error.
            return first.isUpperCase && first.text.count >= 4
                && words.dropFirst().contains { word in word.isUpperCase && clauseKeywords.contains { word.equalsIgnoringCase($0) } }
        case .anywhere:
            guard isKeyword else { return false }
            let isUpperCase = first.isUpperCase
            let isLowerCase = first.text.allSatisfy { !($0 >= 0x41 && $0 <= 0x5A) }
            guard isUpperCase || isLowerCase else { return false }
            return hasStatementShape(words: words, sql: sql, isUpperCase: isUpperCase)
        }
    }

    /// Statements that may be one word (`db.exec('BEGIN')`).
    private static let oneWordStatements: [StaticString] = ["BEGIN", "COMMIT", "ROLLBACK", "END", "VACUUM", "ANALYZE", "REINDEX"]

    /// A keyword passed to a query function starts a statement only when what follows it can:
    /// not `'vacuum.lastTime'` (a settings key), not a lone `'replace'` (a word).
    private static func startsStatement(keyword: Word, in sql: [UInt8]) -> Bool {
        var index = keyword.end
        while index < sql.count, sql[index] == 0x20 || sql[index] == 0x0A || sql[index] == 0x09 || sql[index] == 0x0D { index += 1 }
        guard index < sql.count, sql[index] != 0x3B else { return oneWordStatements.contains { keyword.equalsIgnoringCase($0) } }
        switch sql[index] {
        case 0x2E, 0x3A, 0x3D, 0x2D, 0x2F, 0x5F, 0x23, 0x40:  // . : = - / _ # @ glued to the word
            return index > keyword.end
        default:
            return true
        }
    }

    private static func hasStatementShape(words: [Word], sql: [UInt8], isUpperCase: Bool) -> Bool {
        func word(_ index: Int, is wanted: StaticString) -> Bool { index < words.count && words[index].equalsIgnoringCase(wanted) }
        func within(_ limit: Int, _ wanted: StaticString) -> Bool { words.dropFirst().prefix(limit).contains { $0.equalsIgnoringCase(wanted) } }
        func anyAfterFirst(_ wanted: StaticString) -> Bool { words.dropFirst().contains { $0.equalsIgnoringCase(wanted) } }
        let keyword = words[0]
        if keyword.equalsIgnoringCase("SELECT") {
            if anyAfterFirst("FROM") { return true }
            // `SELECT 1`, `SELECT count(*)`, `SELECT last_insert_rowid()`: what follows is not prose.
            var index = keyword.end
            while index < sql.count, sql[index] == 0x20 || sql[index] == 0x0A || sql[index] == 0x09 || sql[index] == 0x0D { index += 1 }
            guard index < sql.count else { return false }
            let next = sql[index]
            return next == 0x2A || next == 0x28 || next == 0x3F || (next >= 0x30 && next <= 0x39) || sql.contains(0x28) && sql.contains(0x29) && !sql.contains(0x2E)
        }
        if keyword.equalsIgnoringCase("INSERT") { return word(1, is: "INTO") || (word(1, is: "OR") && word(3, is: "INTO")) }
        if keyword.equalsIgnoringCase("REPLACE") { return word(1, is: "INTO") }
        if keyword.equalsIgnoringCase("UPDATE") { return within(6, "SET") }
        if keyword.equalsIgnoringCase("DELETE") { return word(1, is: "FROM") }
        if keyword.equalsIgnoringCase("CREATE") {
            return within(3, "TABLE") || within(3, "INDEX") || within(3, "VIEW") || within(3, "TRIGGER") || within(3, "VIRTUAL")
        }
        if keyword.equalsIgnoringCase("DROP") { return word(1, is: "TABLE") || word(1, is: "INDEX") || word(1, is: "VIEW") || word(1, is: "TRIGGER") }
        if keyword.equalsIgnoringCase("ALTER") { return word(1, is: "TABLE") }
        if keyword.equalsIgnoringCase("WITH") {
            let rest = words.dropFirst(2)
            return within(8, "AS") && rest.contains { $0.equalsIgnoringCase("SELECT") || $0.equalsIgnoringCase("INSERT") || $0.equalsIgnoringCase("UPDATE") || $0.equalsIgnoringCase("DELETE") }
        }
        if keyword.equalsIgnoringCase("EXPLAIN") {
            return word(1, is: "QUERY") || (words.count > 1 && statementKeywordBytes.contains { $0.count == words[1].text.count && words[1].equalsIgnoringCase($0) })
        }
        if keyword.equalsIgnoringCase("VALUES") { return isUpperCase && sql.contains(0x28) }
        if keyword.equalsIgnoringCase("PRAGMA") { return words.count >= 2 && words.count <= 4 }
        if keyword.equalsIgnoringCase("ATTACH") { return within(4, "AS") }
        // BEGIN, COMMIT, ROLLBACK, END, SAVEPOINT, RELEASE, VACUUM, ANALYZE, DETACH, REINDEX:
        // short words that are also ordinary values ('end', 'begin'); only upper-case, short
        // statements count.
        return isUpperCase && words.count <= 5 && !sql.contains(0x2E)
    }

    struct Word {
        var text: ArraySlice<UInt8>
        var end: Int
        /// Nothing but whitespace, comments and `(` came before this word.
        var isFirstToken: Bool

        var isUpperCase: Bool { text.allSatisfy { !($0 >= 0x61 && $0 <= 0x7A) } }

        func equalsIgnoringCase(_ upperCase: StaticString) -> Bool {
            equalsIgnoringCase(UnsafeBufferPointer(start: upperCase.utf8Start, count: upperCase.utf8CodeUnitCount))
        }

        func equalsIgnoringCase(_ upperCase: [UInt8]) -> Bool {
            upperCase.withUnsafeBufferPointer { equalsIgnoringCase($0) }
        }

        /// ASCII case-insensitive equality with an upper-case word.
        private func equalsIgnoringCase(_ upperCase: UnsafeBufferPointer<UInt8>) -> Bool {
            guard text.count == upperCase.count else { return false }
            var offset = 0
            for byte in text {
                let folded = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
                if folded != upperCase[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    /// The leading words of the SQL, skipping comments and string literals.
    static func words(in sql: [UInt8], limit: Int) -> [Word] {
        var result: [Word] = []
        var index = 0
        var sawOtherToken = false
        let count = sql.count
        while index < count, result.count < limit {
            let byte = sql[index]
            if byte == 0x2D, index + 1 < count, sql[index + 1] == 0x2D {  // -- comment
                while index < count, sql[index] != 0x0A { index += 1 }
                continue
            }
            if byte == 0x2F, index + 1 < count, sql[index + 1] == 0x2A {  // /* comment */
                index += 2
                while index + 1 < count, !(sql[index] == 0x2A && sql[index + 1] == 0x2F) { index += 1 }
                index = min(index + 2, count)
                continue
            }
            if byte == 0x27 || byte == 0x22 || byte == 0x60 {  // quoted text or identifier
                let quote = byte
                index += 1
                while index < count, sql[index] != quote { index += 1 }
                index = min(index + 1, count)
                sawOtherToken = true
                continue
            }
            if isASCIIIdentifierStart(byte) {
                let start = index
                while index < count, isIdentifierPart(sql[index]), sql[index] < 0x80 { index += 1 }
                result.append(Word(text: sql[start..<index], end: index, isFirstToken: !sawOtherToken))
                sawOtherToken = true
                continue
            }
            if byte != 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D, byte != 0x28 { sawOtherToken = true }
            if byte == 0x28, !result.isEmpty { sawOtherToken = true }
            index += 1
        }
        return result
    }
}
