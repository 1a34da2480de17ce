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
/// A token-level reading of the statement, not a full parser: it knows scopes (subqueries and
/// CTE bodies are their own scopes; compound SELECTs split into cores), the tables each scope
/// names (with aliases, schema qualifiers, joins, derived tables and CTEs resolved through their
/// select lists), and the handful of shapes in which a value meets a column. Anything else is
/// left unbound rather than guessed: a wrong binding would be a false warning.
///
/// ```swift
/// let bindings = QueryBinder.bindings(for: query, schema: context.checkedSchema)
/// // `SELECT * FROM sessions s WHERE s.user_id = ?` → one binding, column sessions.user_id
/// ```
public enum QueryBinder {
    public static func bindings(for query: EmbeddedQuery, schema: SchemaSnapshot) -> [PlaceholderBinding] {
        let tokenized = TokenizedSQL(query.sql)
        return bindings(tokenized: tokenized, query: query, schema: schema)
    }

    /// Bindings for bare SQL with no holes and no bound values (for tools and tests).
    public static func bindings(forSQL sql: String, schema: SchemaSnapshot) -> [PlaceholderBinding] {
        let query = EmbeddedQuery(sql: sql, sourceMap: SQLSourceMap(), origin: .sqlLikeLiteral, sourceRange: 0..<0)
        return bindings(for: query, schema: schema)
    }

    static func bindings(tokenized: TokenizedSQL, query: EmbeddedQuery, schema: SchemaSnapshot) -> [PlaceholderBinding] {
        let structure = SQLStructure(tokenized: tokenized, schema: schema)
        var result: [PlaceholderBinding] = []
        for statement in structure.statements {
            result.append(contentsOf: structure.bindings(in: statement, query: query))
        }
        return result
    }
}

/// The index of the hole whose placeholder is at `sqlRange`, if any.
func holeIndex(in query: EmbeddedQuery, overlapping sqlRange: ByteRange) -> Int? {
    for (index, hole) in query.holes.enumerated() where hole.sqlRange.overlaps(sqlRange) || (hole.sqlRange.isEmpty && sqlRange.contains(hole.sqlRange.lowerBound)) {
        return index
    }
    return nil
}
