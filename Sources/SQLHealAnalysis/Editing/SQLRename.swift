/// Renaming a name inside SQL: a table or column of the schema (in every query of the project, the
/// server gathers them), or a name that lives in one statement (an alias, a CTE, a result alias).
/// This part decides what may be renamed, whether a new name is acceptable, and the text that
/// replaces each occurrence; it reads no file.
public enum SQLRename {
    /// What the cursor stands on.
    public struct Target: Sendable, Hashable {
        public var symbol: SQLSymbol
        /// The name as the schema declares it (a table or column), or as written here.
        public var name: String
        /// The source range of the name under the cursor.
        public var range: ByteRange
        /// For a name local to one statement, its occurrences there (source ranges): nothing
        /// else needs searching.
        public var localRanges: [ByteRange]?
    }

    /// Why a rename is refused, said to the user as is.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The renamable name at the cursor.
    public static func target(at context: SQLEditingContext) -> Result<Target, Refusal> {
        guard let reference = SQLNavigation.reference(at: context) else {
            return .failure(Refusal("there is no table, column or alias name here to rename"))
        }
        guard context.query?.sourceMap.isVerbatim(reference.range) ?? true else {
            return .failure(Refusal("this name comes from a JavaScript expression, not from the SQL text: rename it where it is defined"))
        }
        let range = context.sourceRange(of: reference.range)
        let written = unquoted(context.sql.text(in: reference.range))
        switch reference.symbol {
        case .table(let key):
            guard let table = context.schema.table(named: key) else {
                return .failure(Refusal("`\(written)` is created by this SQL itself, not declared by the project's schema"))
            }
            return .success(Target(symbol: reference.symbol, name: table.name, range: range))
        case .column(let tableKey, let columnKey):
            guard let column = context.schema.table(named: tableKey)?.column(named: columnKey) else {
                return .failure(Refusal("`\(written)` is not a column the project's schema declares"))
            }
            return .success(Target(symbol: reference.symbol, name: column.name, range: range))
        case .alias, .commonTable, .commonTableColumn, .resultAlias:
            let ranges = SQLNavigation.highlights(context).map(\.range)
            return .success(Target(symbol: reference.symbol, name: written, range: range, localRanges: ranges))
        case .unknownTable(let name), .unknownColumn(let name):
            return .failure(Refusal("`\(name)` is not in the schema: there is nothing to rename"))
        case .function(let name):
            return .failure(Refusal("`\(name)` is a SQLite function"))
        case .index, .trigger:
            return .failure(Refusal("renaming indexes and triggers is not supported: SQLite has no ALTER for them"))
        }
    }

    /// Why `newName` cannot replace `target`'s name, or `nil` when it can.
    public static func problem(with newName: String, for target: Target, schema: SchemaSnapshot) -> Refusal? {
        guard !newName.isEmpty, !newName.contains(where: { $0 == "\0" || $0.isNewline }) else {
            return Refusal("the new name must be one line of text")
        }
        if newName == target.name { return Refusal("the new name is the name it has") }
        let renamesCase = newName.lowercased() == target.name.lowercased()
        switch target.symbol {
        case .table:
            if !renamesCase, schema.table(named: newName) != nil { return Refusal("the schema already has a table or view named `\(newName)`") }
            if newName.lowercased().hasPrefix("sqlite_") { return Refusal("names starting with `sqlite_` are SQLite's own") }
        case .column(let tableKey, _):
            if !renamesCase, schema.table(named: tableKey)?.column(named: newName) != nil {
                return Refusal("table `\(schema.table(named: tableKey)?.name ?? tableKey)` already has a column named `\(newName)`")
            }
        default:
            break
        }
        return nil
    }

    /// The text that replaces one occurrence, written `written` in the source: a quoted name stays
    /// quoted the same way; a bare one is quoted only when the new name needs it.
    public static func replacement(forOccurrence written: String, newName: String) -> String {
        switch written.first {
        case "\"": return "\"" + newName.replacing("\"", with: "\"\"") + "\""
        case "`": return "`" + newName.replacing("`", with: "``") + "`"
        case "[" where !newName.contains("]"): return "[" + newName + "]"
        default: return quotedIfNeeded(newName)
        }
    }

    /// `name` as SQL writes it: bare when it reads as one identifier, else in double quotes.
    public static func quotedIfNeeded(_ name: String) -> String {
        let tokens = SQLTokenizer.tokenize(name)
        if tokens.count == 1, tokens[0].kind == .identifier, tokens[0].range == 0..<name.utf8.count { return name }
        return "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    /// The statement a migration adds to rename `target` to `newName`.
    public static func migrationStatement(renaming target: Target, to newName: String, schema: SchemaSnapshot) -> String? {
        switch target.symbol {
        case .table:
            return "ALTER TABLE \(quotedIfNeeded(target.name)) RENAME TO \(quotedIfNeeded(newName));"
        case .column(let tableKey, _):
            guard let table = schema.table(named: tableKey) else { return nil }
            return "ALTER TABLE \(quotedIfNeeded(table.name)) RENAME COLUMN \(quotedIfNeeded(target.name)) TO \(quotedIfNeeded(newName));"
        default:
            return nil
        }
    }

    static func unquoted(_ text: String) -> String {
        guard let first = text.first, let last = text.last, text.count >= 2 else { return text }
        switch (first, last) {
        case ("\"", "\""), ("`", "`"), ("[", "]"), ("'", "'"): return String(text.dropFirst().dropLast())
        default: return text
        }
    }
}

extension SQLNavigation {
    /// The references to `symbol` in one code document's queries: those written in the SQL text
    /// (``rewritable``, source ranges) and those whose text an expression supplies
    /// (``fromExpressions``: a table name held in a constant, `FROM ${TABLE}`), which a rename
    /// cannot rewrite in place.
    public struct CodeReferences: Sendable, Hashable {
        public var rewritable: [Highlight] = []
        public var fromExpressions: [ByteRange] = []
    }

    public static func codeReferences(to symbol: SQLSymbol, inQueries queries: [EmbeddedQuery], schema: SchemaSnapshot, includeDeclarations: Bool) -> CodeReferences {
        var found = CodeReferences()
        var seen = Set<ByteRange>()
        for query in queries where query.dynamism != .unresolved && mayMention(symbol, query.sql, holes: !query.holes.isEmpty) {
            let resolution = SQLResolver.resolve(SQLParser.parse(query.sql), schema: schema)
            for reference in resolution.references where reference.symbol == symbol && (includeDeclarations || reference.role == .use) {
                let range = query.sourceMap.sourceRange(forSQLRange: reference.range)
                // A `const` used by several calls is one place in the source.
                guard seen.insert(range).inserted else { continue }
                if query.sourceMap.isVerbatim(reference.range) {
                    found.rewritable.append(Highlight(range: range, isDeclaration: reference.role == .declaration))
                } else {
                    found.fromExpressions.append(range)
                }
            }
        }
        found.rewritable.sort { $0.range.lowerBound < $1.range.lowerBound }
        found.fromExpressions.sort { $0.lowerBound < $1.lowerBound }
        return found
    }
}
