/// A column a placeholder meets, with the table that declares it.
public struct BoundColumn: Sendable, Hashable {
    public var table: TableSchema
    public var column: ColumnSchema

    public init(table: TableSchema, column: ColumnSchema) {
        self.table = table
        self.column = column
    }

    /// `sessions.user_id`
    public var qualifiedName: String { "\(table.name).\(column.name)" }
}

/// Which placeholder of a statement a binding is about.
public enum PlaceholderIdentity: Sendable, Hashable {
    /// The placeholder of `query.holes[index]` (spliced text or a tagged template's parameter).
    case hole(index: Int)
    /// A real parameter written in the SQL, with the number SQLite gives it (`?` counts on from
    /// the largest number so far, `?NNN` is NNN, a repeated name reuses its number) and, for
    /// `$x`, `:x`, `@x`, `#x`, the name without its prefix.
    case parameter(number: Int, name: String?)
}

/// How a placeholder meets its column, which decides what a mismatch does at run time.
public enum PlaceholderContext: String, Sendable, Hashable {
    /// `=`, `==`, `!=`, `<>`, `IS`, `IS NOT`, `IS [NOT] DISTINCT FROM`.
    case equality
    /// `<`, `>`, `<=`, `>=`, `BETWEEN … AND …`: order matters, text orders differently from numbers.
    case ordering
    /// `IN (…, ?, …)`.
    case membership
    /// `LIKE`, `GLOB`, `REGEXP`, `MATCH`: always text matching.
    case pattern
    /// `INSERT … VALUES (…)`: the value is stored.
    case insertValue
    /// `UPDATE … SET c = ?`, `ON CONFLICT … DO UPDATE SET c = ?`: the value is stored.
    case updateValue
    /// `LIMIT ?`, `OFFSET ?`: a value, but no column.
    case limit

    /// True when the value is written into the column (where STRICT and rowid aliases reject values).
    public var stores: Bool { self == .insertValue || self == .updateValue }
}

/// One placeholder of a query (a hole's `?` or a real parameter) and what it meets.
public struct PlaceholderBinding: Sendable, Hashable {
    /// The placeholder token in ``EmbeddedQuery/sql``.
    public var sqlRange: ByteRange
    public var identity: PlaceholderIdentity
    /// `nil` when the placeholder stands anywhere else (a function argument, a select-list item,
    /// a table name from a variable, …).
    public var context: PlaceholderContext?
    /// The operator as written (`=`, `NOT IN`, `BETWEEN`, `VALUES`, `SET`, …), for messages.
    public var operatorText: String?
    /// The column met; `nil` when there is none or it cannot be resolved unambiguously.
    public var column: BoundColumn?
    /// The code's value for this placeholder, when the call shows it.
    public var value: SourceValue?
}

/// Binds each placeholder of a query to the column it meets.
///
/// What a placeholder meets comes from the SQL model (``SQLResolver``): scopes, aliases, joins,
/// CTEs and subqueries resolved through their select lists, `excluded.`, and the shapes in which
/// a value meets a column (`col = ?`, `IN (…)`, `BETWEEN`, `VALUES`, `SET`, `LIMIT`). Only a
/// column the name certainly means is bound (``SQLPlaceholderBinding/isCertain``); anything else
/// is left unbound rather than guessed: a wrong binding would be a false warning.
///
/// ```swift
/// let bindings = QueryBinder.bindings(for: query, schema: context.checkedSchema)
/// // `SELECT * FROM sessions s WHERE s.user_id = ?` → one binding, column sessions.user_id
/// ```
public enum QueryBinder {
    public static func bindings(for query: EmbeddedQuery, schema: SchemaSnapshot) -> [PlaceholderBinding] {
        bindings(tree: SQLParser.parse(query.sql), query: query, schema: schema)
    }

    /// Bindings for bare SQL with no holes and no bound values (for tools and tests).
    public static func bindings(forSQL sql: String, schema: SchemaSnapshot) -> [PlaceholderBinding] {
        let query = EmbeddedQuery(sql: sql, sourceMap: SQLSourceMap(), origin: .sqlLikeLiteral, sourceRange: 0..<0)
        return bindings(for: query, schema: schema)
    }

    /// Every placeholder token of `tree` (the query's SQL parsed), in order: who it is (a hole,
    /// or a parameter numbered as SQLite numbers it, statement by statement), the code's value
    /// for it, and what it meets.
    static func bindings(tree: SQLSyntaxTree, query: EmbeddedQuery, schema: SchemaSnapshot) -> [PlaceholderBinding] {
        let resolution = SQLResolver.resolve(tree, schema: schema)
        var meetings: [Int: SQLPlaceholderBinding] = [:]
        for placeholder in resolution.placeholders where meetings[placeholder.range.lowerBound] == nil {
            meetings[placeholder.range.lowerBound] = placeholder
        }
        let statementStarts = tree.statements.map(\.range.lowerBound)
        var statementIndex = -1
        var numbering = ParameterNumbering()
        var result: [PlaceholderBinding] = []
        for token in tree.sql.tokens where token.kind == .parameter {
            // SQLite numbers parameters per statement; a token the parser skipped belongs to
            // the statement before it.
            var current = statementIndex
            while current + 1 < statementStarts.count && statementStarts[current + 1] <= token.range.lowerBound { current += 1 }
            if current != statementIndex {
                statementIndex = current
                numbering = ParameterNumbering()
            }
            let (identity, value) = numbering.identify(token, text: tree.sql.text(of: token), query: query)
            var binding = PlaceholderBinding(sqlRange: token.range, identity: identity, context: nil, operatorText: nil, column: nil, value: value)
            if let meeting = meetings[token.range.lowerBound], let relation = meeting.relation, let context = Self.context(of: relation) {
                binding.context = context
                binding.operatorText = relation
                if meeting.isCertain, case .column(let info) = meeting.target { binding.column = Self.boundColumn(info, schema: schema) }
            }
            result.append(binding)
        }
        return result
    }

    /// How a relation the model names (`=`, `NOT IN`, `VALUES`, …) makes a value meet its column.
    static func context(of relation: String) -> PlaceholderContext? {
        switch relation {
        case "=", "==", "!=", "<>", "IS", "IS NOT", "IS DISTINCT FROM", "IS NOT DISTINCT FROM": .equality
        case "<", ">", "<=", ">=", "BETWEEN", "NOT BETWEEN": .ordering
        case "IN", "NOT IN": .membership
        case "LIKE", "NOT LIKE", "GLOB", "NOT GLOB", "REGEXP", "NOT REGEXP", "MATCH", "NOT MATCH": .pattern
        case "VALUES": .insertValue
        case "SET": .updateValue
        case "LIMIT", "OFFSET": .limit
        default: nil
        }
    }

    /// The schema table and column behind a column the model resolved; `rowid`, `oid` and
    /// `_rowid_` of a rowid table are its INTEGER PRIMARY KEY alias, or the implicit rowid.
    static func boundColumn(_ info: SQLColumnInfo, schema: SchemaSnapshot) -> BoundColumn? {
        guard case .column(let tableKey, let columnKey) = info.schemaColumn, let table = schema.table(named: tableKey) else { return nil }
        if let column = table.column(named: columnKey) { return BoundColumn(table: table, column: column) }
        guard table.kind == .table, !table.isWithoutRowid, SQLResolver.rowidNames.contains(columnKey) else { return nil }
        let rowid = table.columns.first(where: { $0.isRowidAlias })
            ?? ColumnSchema(name: info.name, declaredType: "INTEGER", isRowidAlias: true, declaredAt: table.declaredAt)
        return BoundColumn(table: table, column: rowid)
    }
}

/// SQLite's numbering of one statement's parameters: `?` counts on from the largest number so
/// far, `?NNN` is NNN, a repeated `:name` reuses its number; a hole's `?` is the hole.
struct ParameterNumbering {
    private var largestNumber = 0
    private var numbersByName: [String: Int] = [:]
    /// After a placeholder-list hole (`IN (${ids.map(() => '?')})`) the count of `?` before is
    /// unknown, so later anonymous `?` have no known position among the bound values.
    private var anonymousNumbersAreKnown = true

    mutating func identify(_ token: SQLToken, text: String, query: EmbeddedQuery) -> (PlaceholderIdentity, SourceValue?) {
        if let hole = holeIndex(in: query, overlapping: token.range) {
            let value = query.holes[hole].isPlaceholderList ? nil : query.holes[hole].value
            // A tagged template's hole is an anonymous `?` to SQLite; spliced text is not a parameter.
            if query.holes[hole].role == .boundParameter { largestNumber += 1 }
            if query.holes[hole].isPlaceholderList { anonymousNumbersAreKnown = false }
            return (.hole(index: hole), value)
        }
        let number: Int
        var parameterName: String?
        if text == "?" {
            largestNumber += 1
            number = largestNumber
        } else if text.hasPrefix("?") {
            number = Int(text.dropFirst()) ?? (largestNumber + 1)
            largestNumber = max(largestNumber, min(number, 1_000_000))
        } else {
            parameterName = String(text.dropFirst())
            if let existing = numbersByName[text] {
                number = existing
            } else {
                largestNumber += 1
                number = largestNumber
                numbersByName[text] = number
            }
        }
        let value = text == "?" && !anonymousNumbersAreKnown ? nil : Self.boundValue(number: number, name: parameterName, prefixedName: text, in: query.boundValues)
        return (.parameter(number: number, name: parameterName), value)
    }

    private static func boundValue(number: Int, name parameterName: String?, prefixedName: String, in boundValues: BoundValues) -> SourceValue? {
        switch boundValues {
        case .positional(let values, _, _):
            return number >= 1 && number <= values.count ? values[number - 1] : nil
        case .named(let values, _):
            if let parameterName {
                return values[parameterName] ?? values[prefixedName]
            }
            return values[String(number)] ?? values[prefixedName]
        case .none, .unknown:
            return nil
        }
    }
}

/// The index of the hole whose placeholder is at `sqlRange`, if any.
func holeIndex(in query: EmbeddedQuery, overlapping sqlRange: ByteRange) -> Int? {
    for (index, hole) in query.holes.enumerated() where hole.sqlRange.overlaps(sqlRange) || (hole.sqlRange.isEmpty && sqlRange.contains(hole.sqlRange.lowerBound)) {
        return index
    }
    return nil
}
