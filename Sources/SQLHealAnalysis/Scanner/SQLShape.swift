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

    private static let clauseKeywords: Set<String> = ["FROM", "INTO", "SET", "TABLE", "WHERE", "VALUES"]

    /// The first word of the statement, as written (empty when the text starts with something else).
    static func firstWord(of sql: [UInt8]) -> String {
        words(in: sql, limit: 1).first.map { String(decoding: $0.text, as: UTF8.self) } ?? ""
    }

    static func looksLikeStatement(_ sql: [UInt8], strictness: Strictness) -> Bool {
        let words = words(in: sql, limit: 48)
        guard let first = words.first, first.isFirstToken else { return false }
        let upper = words.map { String(decoding: $0.text, as: UTF8.self).uppercased() }
        let keyword = upper[0]
        switch strictness {
        case .queryPosition:
            if statementKeywords.contains(keyword) { return true }
            // A misspelt keyword: `SELEC * FROM users` should still get its syntax error.
            let isUpperCase = first.text.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F }
            return isUpperCase && first.text.count >= 4
                && words.dropFirst().contains { word in
                    word.text.allSatisfy { $0 >= 0x41 && $0 <= 0x5A } && clauseKeywords.contains(String(decoding: word.text, as: UTF8.self))
                }
        case .anywhere:
            guard statementKeywords.contains(keyword) else { return false }
            let isUpperCase = first.text.allSatisfy { !($0 >= 0x61 && $0 <= 0x7A) }
            let isLowerCase = first.text.allSatisfy { !($0 >= 0x41 && $0 <= 0x5A) }
            guard isUpperCase || isLowerCase else { return false }
            return hasStatementShape(keyword: keyword, upperWords: upper, words: words, sql: sql, isUpperCase: isUpperCase)
        }
    }

    private static func hasStatementShape(keyword: String, upperWords: [String], words: [Word], sql: [UInt8], isUpperCase: Bool) -> Bool {
        func word(_ index: Int) -> String { index < upperWords.count ? upperWords[index] : "" }
        func within(_ limit: Int, _ wanted: String) -> Bool { upperWords.dropFirst().prefix(limit).contains(wanted) }
        switch keyword {
        case "SELECT":
            if upperWords.dropFirst().contains("FROM") { return true }
            // `SELECT 1`, `SELECT count(*)`, `SELECT last_insert_rowid()`: what follows is not prose.
            let afterKeyword = words[0].end
            var index = afterKeyword
            while index < sql.count, sql[index] == 0x20 || sql[index] == 0x0A || sql[index] == 0x09 || sql[index] == 0x0D { index += 1 }
            guard index < sql.count else { return false }
            let next = sql[index]
            return next == 0x2A || next == 0x28 || next == 0x3F || (next >= 0x30 && next <= 0x39) || sql.contains(0x28) && sql.contains(0x29) && !sql.contains(0x2E)
        case "INSERT":
            return word(1) == "INTO" || (word(1) == "OR" && word(3) == "INTO")
        case "REPLACE":
            return word(1) == "INTO"
        case "UPDATE":
            return within(6, "SET")
        case "DELETE":
            return word(1) == "FROM"
        case "CREATE":
            return ["TABLE", "INDEX", "VIEW", "TRIGGER", "VIRTUAL"].contains { within(3, $0) }
        case "DROP":
            return ["TABLE", "INDEX", "VIEW", "TRIGGER"].contains(word(1))
        case "ALTER":
            return word(1) == "TABLE"
        case "WITH":
            return within(8, "AS") && ["SELECT", "INSERT", "UPDATE", "DELETE"].contains { upperWords.dropFirst(2).contains($0) }
        case "EXPLAIN":
            return word(1) == "QUERY" || statementKeywords.contains(word(1))
        case "VALUES":
            return isUpperCase && sql.contains(0x28)
        case "PRAGMA":
            return words.count >= 2 && words.count <= 4
        case "ATTACH":
            return within(4, "AS")
        default:
            // BEGIN, COMMIT, ROLLBACK, END, SAVEPOINT, RELEASE, VACUUM, ANALYZE, DETACH, REINDEX:
            // short words that are also ordinary values ('end', 'begin'); only upper-case, short
            // statements count.
            return isUpperCase && words.count <= 5 && !sql.contains(0x2E)
        }
    }

    struct Word {
        var text: ArraySlice<UInt8>
        var end: Int
        /// Nothing but whitespace, comments and `(` came before this word.
        var isFirstToken: Bool
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
