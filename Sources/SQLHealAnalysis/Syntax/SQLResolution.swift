// What ``SQLResolver`` learns from a syntax tree: every name bound to what it stands for, the
// scopes an editor asks about at a cursor, what each placeholder meets, and the result columns.

/// What a name in SQL stands for. Schema objects are keyed by lowercased name (SQLite compares
/// names ASCII case-insensitively); objects that live only in this SQL text (CTEs, aliases) are
/// keyed by where they are declared.
public enum SQLSymbol: Sendable, Hashable {
    /// A table or view of the schema (or created earlier in the same SQL text).
    case table(String)
    case column(table: String, column: String)
    case commonTable(declaration: ByteRange)
    case commonTableColumn(declaration: ByteRange, column: String)
    /// A table alias (`users AS u`) or a subquery's alias.
    case alias(declaration: ByteRange)
    /// A result column's alias (`count(*) AS n`), used in ORDER BY.
    case resultAlias(declaration: ByteRange)
    /// An index or trigger name in DDL.
    case index(String)
    case trigger(String)
    case function(String)
    /// A table name nothing declares.
    case unknownTable(String)
    /// A column name nothing in scope has.
    case unknownColumn(String)
}

public struct SQLReference: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        /// Where the object is created (`CREATE TABLE users`, a column definition, `AS u`).
        case declaration
        case use
    }

    public var range: ByteRange
    public var symbol: SQLSymbol
    public var role: Role
}

/// A column as a scope or a result sees it: its name, type and where it comes from.
public struct SQLColumnInfo: Sendable, Hashable {
    public var name: String
    /// The declared type (`TEXT`, `VARCHAR(20)`), the CAST type, or what a literal or function
    /// yields; empty when unknown.
    public var declaredType: String
    /// `nil` for expressions without affinity.
    public var affinity: TypeAffinity?
    /// The schema column it is (`.column`) or the CTE column; `nil` for computed values.
    public var origin: SQLSymbol?
    /// The schema column (`.column`) whose values these are, through aliases, CTEs and
    /// subqueries that select it as it is; `nil` for computed values.
    public var schemaColumn: SQLSymbol?
    public var isNotNull: Bool
    /// Hidden columns of virtual tables: named explicitly, never by `*`.
    public var isHidden: Bool

    public init(name: String, declaredType: String, affinity: TypeAffinity?, origin: SQLSymbol?, schemaColumn: SQLSymbol? = nil, isNotNull: Bool = false, isHidden: Bool = false) {
        self.name = name
        self.declaredType = declaredType
        self.affinity = affinity
        self.origin = origin
        self.schemaColumn = schemaColumn
        self.isNotNull = isNotNull
        self.isHidden = isHidden
    }
}

/// One thing a FROM clause (or a statement's target) brings into scope.
public struct SQLScopeSource: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case table, view, commonTable, subquery, tableFunction
        /// `NEW`/`OLD` in a trigger, `excluded` in an upsert.
        case pseudoTable
        /// A table nothing declares.
        case unknown
    }

    public var kind: Kind
    /// How its columns are qualified: the alias, else the table name.
    public var name: String
    /// The schema table behind it (lowercased), for tables, views and pseudo-tables.
    public var tableKey: String?
    public var columns: [SQLColumnInfo]
    /// What a qualifier naming this source refers to: its alias, table or CTE.
    public var symbol: SQLSymbol?
}

/// A region of the SQL where a set of sources is visible (a SELECT core, an UPDATE, an upsert…).
public struct SQLScope: Sendable, Hashable {
    /// From the clause's first token up to the next significant token after it, so a cursor
    /// after trailing spaces is still inside.
    public var range: ByteRange
    public var sources: [SQLScopeSource]
    /// Result aliases visible here (ORDER BY and friends).
    public var resultAliases: [SQLColumnInfo]
    public var parent: Int?
}

/// What a placeholder (a `?`, `:name`, or a hole's `?`) meets.
public struct SQLPlaceholderBinding: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// Compared with, assigned to or inserted into this column.
        case column(SQLColumnInfo)
        /// The `index`-th (0-based) argument of a function.
        case functionArgument(function: String, index: Int)
        case limit
        case unknown
    }

    public var range: ByteRange
    public var target: Target
    /// How the placeholder meets its column, as written: a comparison operator (`=`, `IS NOT`,
    /// `NOT LIKE`, `<`), `BETWEEN`, `IN` / `NOT IN`, `VALUES` (an INSERT row), `SET` (an
    /// assignment), `LIMIT` / `OFFSET`; `nil` elsewhere.
    public var relation: String?
    /// The column target is the only column its name can mean: no other source in scope has a
    /// column of that name, and no source whose columns are unknown (a table the schema lacks,
    /// a table-valued function) is in sight. Analyses that warn (the binder) bind only these.
    public var isCertain: Bool

    public init(range: ByteRange, target: Target, relation: String? = nil, isCertain: Bool = true) {
        self.range = range
        self.target = target
        self.relation = relation
        self.isCertain = isCertain
    }
}

/// The result columns of one statement (SELECT, or RETURNING of a modification).
public struct SQLStatementResult: Sendable, Hashable {
    public var statementRange: ByteRange
    public var columns: [SQLColumnInfo]
}

/// Everything ``SQLResolver`` found in one syntax tree.
public struct SQLResolution: Sendable {
    public var tree: SQLSyntaxTree
    /// In source order.
    public var references: [SQLReference]
    public var scopes: [SQLScope]
    public var placeholders: [SQLPlaceholderBinding]
    public var results: [SQLStatementResult]
    /// Tables created earlier in the same text (a migration file): visible to later statements.
    public var localTables: [String: TableSchema]

    /// The references whose range holds `offset` (end included, so a cursor just after a name finds it).
    public func references(at offset: Int) -> [SQLReference] {
        references.filter { $0.range.lowerBound <= offset && offset <= $0.range.upperBound && !$0.range.isEmpty }
    }

    /// The innermost scope whose range holds `offset`.
    public func scope(at offset: Int) -> SQLScope? {
        var best: SQLScope?
        for scope in scopes where scope.range.lowerBound <= offset && offset <= scope.range.upperBound {
            if let current = best {
                if scope.range.lowerBound > current.range.lowerBound || (scope.range.lowerBound == current.range.lowerBound && scope.range.count < current.range.count) {
                    best = scope
                }
            } else {
                best = scope
            }
        }
        return best
    }

    /// Every source visible at `offset`, innermost scope first, then enclosing ones.
    public func visibleSources(at offset: Int) -> [SQLScopeSource] {
        guard var scope = scope(at: offset) else { return [] }
        var sources = scope.sources
        while let parent = scope.parent, parent < scopes.count {
            scope = scopes[parent]
            sources += scope.sources
        }
        return sources
    }

    public func placeholder(at offset: Int) -> SQLPlaceholderBinding? {
        placeholders.first { $0.range.lowerBound <= offset && offset < $0.range.upperBound }
    }

    public func result(at offset: Int) -> SQLStatementResult? {
        results.first { $0.statementRange.lowerBound <= offset && offset <= $0.statementRange.upperBound }
    }
}
