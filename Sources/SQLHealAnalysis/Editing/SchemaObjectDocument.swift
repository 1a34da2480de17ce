/// The read-only text shown for a table or view only the database declares (no file of the
/// project creates it), so that go to definition has somewhere to go: its `CREATE` statement as
/// SQLite stores it, then the indexes and triggers on it, under a comment naming the database.
public enum SchemaObjectDocument {
    /// The document's text, or `nil` when the schema has no such table or view.
    public static func text(of tableName: String, schema: SchemaSnapshot, databaseName: String?) -> String? {
        guard let table = schema.table(named: tableName) else { return nil }
        var lines = ["-- \(table.name): declared by the database\(databaseName.map { " \($0)" } ?? ""), not by a file of the project.",
                     "-- Read-only: change it with a migration.", ""]
        lines.append(terminated(table.createSQL))
        let key = table.name.lowercased()
        for ddl in schema.ddl where ddl.uppercased().contains("INDEX") || ddl.uppercased().contains("TRIGGER") {
            for statement in SQLParser.parse(ddl).statements {
                switch statement.kind {
                case .createIndex(let index) where index.table?.key == key:
                    lines.append(terminated(ddl))
                case .createTrigger(let trigger) where trigger.table?.name.key == key:
                    lines.append(terminated(ddl))
                default:
                    continue
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Where `name` (the table, or one of its columns) first stands in `text` after the comment
    /// lines: the range definition points at.
    public static func rangeOfName(_ name: String, in text: String) -> ByteRange? {
        let tokens = TokenizedSQL(bytes: Array(text.utf8))
        let key = name.lowercased()
        for token in tokens.tokens where tokens.identifierName(of: token)?.lowercased() == key { return token.range }
        return nil
    }

    private static func terminated(_ statement: String) -> String {
        var trimmed = Substring(statement)
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
        return trimmed.hasSuffix(";") ? String(trimmed) : trimmed + ";"
    }
}
