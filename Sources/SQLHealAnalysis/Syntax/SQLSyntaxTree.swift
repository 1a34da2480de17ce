// The syntax tree of SQLite's statements, as ``SQLParser`` builds it. Every node knows its exact
// UTF-8 byte range in the SQL it was read from. The tree is error-tolerant: a clause still being
// typed leaves `.missing` expressions and empty lists rather than no tree, so an editor can ask
// what is in scope at the cursor of a statement that does not parse yet. SQLite's own prepare
// decides what is an error; the tree records what was written, not whether it is valid.

/// A name as written: unquoted text plus where it stands.
public struct SQLName: Sendable, Hashable {
    /// The name with quotes removed and doubled delimiters undone (`"my ""x"""` → `my "x"`).
    public var text: String
    public var range: ByteRange
    /// A placeholder where a name goes (`FROM ?`, `INSERT INTO t (?)`): an embedded query's hole
    /// that splices a name the text does not show. It names nothing known.
    public var isPlaceholder: Bool

    public init(text: String, range: ByteRange, isPlaceholder: Bool = false) {
        self.text = text
        self.range = range
        self.isPlaceholder = isPlaceholder
    }

    /// SQLite compares identifiers ASCII case-insensitively.
    public var key: String { text.lowercased() }
}

/// `schema.name` or `name`.
public struct SQLQualifiedName: Sendable, Hashable {
    public var schema: SQLName?
    public var name: SQLName

    public var range: ByteRange { (schema?.range.lowerBound ?? name.range.lowerBound)..<name.range.upperBound }
}

// MARK: - Expressions

public enum SQLLiteralKind: String, Sendable, Hashable {
    case integer, float, string, blob, null, currentTime, boolean
}

/// `column`, `table.column` or `schema.table.column`.
public struct SQLColumnReference: Sendable, Hashable {
    public var schema: SQLName?
    public var table: SQLName?
    public var column: SQLName
}

/// A function call; `name(*)`, `name(DISTINCT x)`, `FILTER (WHERE …)` and `OVER …` included.
public struct SQLFunctionCall: Sendable, Hashable {
    public var name: SQLName
    public var arguments: [SQLExpression]
    public var isStar: Bool
    public var isDistinct: Bool
    /// From the `(` to the `)` (to the end of what was written when the `)` is missing).
    public var argumentListRange: ByteRange
    public var filter: SQLExpression?
    public var window: SQLWindowSpecification?
}

/// `OVER name` or `OVER (PARTITION BY … ORDER BY … frame)`.
public struct SQLWindowSpecification: Sendable, Hashable {
    public var baseName: SQLName?
    public var partitionBy: [SQLExpression]
    public var orderBy: [SQLOrderingTerm]
    /// Frame bound expressions (`n PRECEDING`), for name resolution only.
    public var frameExpressions: [SQLExpression]
    public var range: ByteRange
}

public struct SQLOrderingTerm: Sendable, Hashable {
    public var expression: SQLExpression
    public var isDescending: Bool
}

public struct SQLCaseBranch: Sendable, Hashable {
    public var condition: SQLExpression
    public var result: SQLExpression
}

public indirect enum SQLExpressionKind: Sendable, Hashable {
    case literal(SQLLiteralKind)
    case column(SQLColumnReference)
    /// `?`, `?3`, `:name`, `@name`, `$name` — holes of embedded queries stand here as `?`.
    case parameter(String)
    /// `-x`, `+x`, `~x`, `NOT x`.
    case unary(operator: String, operand: SQLExpression)
    /// Arithmetic, comparison, `AND`/`OR`, `||`, `->`, `LIKE`/`GLOB`/`REGEXP`/`MATCH` (negated
    /// ones spelled `NOT LIKE`), `IS`, `IS NOT`, `IS DISTINCT FROM`. `ESCAPE` is dropped into `right`'s siblings.
    case binary(operator: String, left: SQLExpression, right: SQLExpression)
    /// `x ISNULL`, `x NOTNULL`, `x NOT NULL`.
    case postfix(operator: String, operand: SQLExpression)
    case between(value: SQLExpression, lower: SQLExpression, upper: SQLExpression, negated: Bool)
    case inList(value: SQLExpression, items: [SQLExpression], negated: Bool)
    case inSelect(value: SQLExpression, select: SQLSelect, negated: Bool)
    case inTable(value: SQLExpression, table: SQLQualifiedName, negated: Bool)
    case function(SQLFunctionCall)
    case cast(SQLExpression, typeName: String)
    case collate(SQLExpression, collation: String)
    case caseWhen(operand: SQLExpression?, branches: [SQLCaseBranch], otherwise: SQLExpression?)
    case exists(SQLSelect, negated: Bool)
    case subquery(SQLSelect)
    /// A parenthesized row value `(a, b)`; a single parenthesized expression is that expression.
    case row([SQLExpression])
    /// `RAISE(ABORT, 'message')` in a trigger.
    case raise
    /// Nothing where an expression belongs (a statement still being typed, or an unexpected token).
    case missing
}

public struct SQLExpression: Sendable, Hashable {
    public var kind: SQLExpressionKind
    public var range: ByteRange

    public init(kind: SQLExpressionKind, range: ByteRange) {
        self.kind = kind
        self.range = range
    }
}

// MARK: - SELECT

public struct SQLCommonTableExpression: Sendable, Hashable {
    public var name: SQLName
    public var columns: [SQLName]
    public var select: SQLSelect
    public var range: ByteRange
}

public struct SQLWithClause: Sendable, Hashable {
    public var isRecursive: Bool
    public var tables: [SQLCommonTableExpression]
    public var range: ByteRange
}

public enum SQLResultColumn: Sendable, Hashable {
    case all(range: ByteRange)
    case allOf(table: SQLName, range: ByteRange)
    case expression(SQLExpression, alias: SQLName?, range: ByteRange)

    public var range: ByteRange {
        switch self {
        case .all(let range), .allOf(_, let range), .expression(_, _, let range): range
        }
    }
}

public enum SQLJoinConstraint: Sendable, Hashable {
    case none
    case on(SQLExpression)
    case using([SQLName])
}

public indirect enum SQLTableSourceKind: Sendable, Hashable {
    case table(SQLQualifiedName)
    case subquery(SQLSelect)
    /// A table-valued function: `json_each(x)`, `pragma_table_info('t')`.
    case function(SQLFunctionCall)
    /// `( a JOIN b … )`.
    case join(SQLJoinClause)
}

public struct SQLTableSource: Sendable, Hashable {
    public var kind: SQLTableSourceKind
    public var alias: SQLName?
    public var range: ByteRange
}

public struct SQLJoinItem: Sendable, Hashable {
    /// The join operator before this item as written, uppercased and single-spaced (`LEFT OUTER
    /// JOIN`, `,`, `NATURAL JOIN`); empty for the first item.
    public var joinOperator: String
    public var source: SQLTableSource
    public var constraint: SQLJoinConstraint

    public var isNatural: Bool { joinOperator.hasPrefix("NATURAL") }
}

public struct SQLJoinClause: Sendable, Hashable {
    public var items: [SQLJoinItem]
    public var range: ByteRange
}

public struct SQLNamedWindow: Sendable, Hashable {
    public var name: SQLName
    public var specification: SQLWindowSpecification
}

public struct SQLSelectCore: Sendable, Hashable {
    public var isDistinct: Bool
    public var resultColumns: [SQLResultColumn]
    public var from: SQLJoinClause?
    public var whereClause: SQLExpression?
    public var groupBy: [SQLExpression]
    public var having: SQLExpression?
    public var windows: [SQLNamedWindow]
    /// `VALUES (…), (…)` instead of a SELECT.
    public var valueRows: [[SQLExpression]]?
    public var range: ByteRange
}

public struct SQLSelect: Sendable, Hashable {
    public var with: SQLWithClause?
    public var cores: [SQLSelectCore]
    /// `UNION`, `UNION ALL`, `INTERSECT`, `EXCEPT`, one between each pair of ``cores``.
    public var compoundOperators: [String]
    public var orderBy: [SQLOrderingTerm]
    public var limit: SQLExpression?
    public var offset: SQLExpression?
    public var range: ByteRange
}

// MARK: - INSERT, UPDATE, DELETE

public struct SQLAssignment: Sendable, Hashable {
    /// One column, or several for `(a, b) = (…)`.
    public var columns: [SQLName]
    public var value: SQLExpression
}

public struct SQLUpsertClause: Sendable, Hashable {
    public var targetColumns: [SQLExpression]
    public var targetWhere: SQLExpression?
    /// `nil` for `DO NOTHING`.
    public var assignments: [SQLAssignment]?
    public var whereClause: SQLExpression?
    public var range: ByteRange
}

public enum SQLInsertSource: Sendable, Hashable {
    case values([[SQLExpression]])
    case select(SQLSelect)
    case defaultValues
    case missing
}

public struct SQLInsert: Sendable, Hashable {
    public var with: SQLWithClause?
    /// `INSERT`, `REPLACE`, `INSERT OR IGNORE`, …
    public var verb: String
    public var table: SQLQualifiedName?
    public var alias: SQLName?
    public var columns: [SQLName]
    public var source: SQLInsertSource
    public var upserts: [SQLUpsertClause]
    public var returning: [SQLResultColumn]
    /// For `VALUES` rows, each row's range from its `(` to its `)`: where a value-count error
    /// SQLite does not locate is shown.
    public var valueRowRanges: [ByteRange] = []
}

public struct SQLUpdate: Sendable, Hashable {
    public var with: SQLWithClause?
    public var table: SQLQualifiedName?
    public var alias: SQLName?
    public var assignments: [SQLAssignment]
    public var from: SQLJoinClause?
    public var whereClause: SQLExpression?
    public var returning: [SQLResultColumn]
    public var orderBy: [SQLOrderingTerm]
    public var limit: SQLExpression?
}

public struct SQLDelete: Sendable, Hashable {
    public var with: SQLWithClause?
    public var table: SQLQualifiedName?
    public var alias: SQLName?
    public var whereClause: SQLExpression?
    public var returning: [SQLResultColumn]
    public var orderBy: [SQLOrderingTerm]
    public var limit: SQLExpression?
}

// MARK: - DDL

public struct SQLForeignKeyClause: Sendable, Hashable {
    public var table: SQLName
    public var columns: [SQLName]
    /// `ON DELETE CASCADE …` and the rest, as written.
    public var actions: String
    public var range: ByteRange
}

public enum SQLColumnConstraintKind: Sendable, Hashable {
    case primaryKey(isDescending: Bool, isAutoincrement: Bool)
    case notNull
    case null
    case unique
    case check(SQLExpression)
    case defaultValue(SQLExpression)
    case collate(String)
    case references(SQLForeignKeyClause)
    case generated(SQLExpression, isStored: Bool)
}

public struct SQLColumnConstraint: Sendable, Hashable {
    public var name: SQLName?
    public var kind: SQLColumnConstraintKind
    public var range: ByteRange
}

public struct SQLColumnDefinition: Sendable, Hashable {
    public var name: SQLName
    /// The declared type as written, single-spaced (`VARCHAR(20)`, `UNSIGNED BIG INT`); empty for none.
    public var typeName: String
    /// Where the type is written, from its first word to its `)` (`nil` for none): what a
    /// rebuild replaces to change a column's type and nothing else.
    public var typeRange: ByteRange?
    public var constraints: [SQLColumnConstraint]
    public var range: ByteRange
}

public enum SQLTableConstraintKind: Sendable, Hashable {
    case primaryKey([SQLExpression])
    case unique([SQLExpression])
    case check(SQLExpression)
    case foreignKey(columns: [SQLName], SQLForeignKeyClause)
}

public struct SQLTableConstraint: Sendable, Hashable {
    public var name: SQLName?
    public var kind: SQLTableConstraintKind
    public var range: ByteRange
}

public struct SQLCreateTable: Sendable, Hashable {
    public var isTemporary: Bool
    public var ifNotExists: Bool
    public var name: SQLQualifiedName?
    public var columns: [SQLColumnDefinition]
    public var constraints: [SQLTableConstraint]
    public var asSelect: SQLSelect?
    /// `WITHOUT ROWID`, `STRICT`, uppercased.
    public var options: [String]
    /// `CREATE VIRTUAL TABLE … USING module(args)`: the module name.
    public var virtualModule: SQLName?
    /// The module's arguments as written (`title, body`), each with its range.
    public var virtualArguments: [SQLName]
}

public struct SQLCreateView: Sendable, Hashable {
    public var isTemporary: Bool
    public var ifNotExists: Bool
    public var name: SQLQualifiedName?
    public var columns: [SQLName]
    public var select: SQLSelect?
}

public struct SQLCreateIndex: Sendable, Hashable {
    public var isUnique: Bool
    public var ifNotExists: Bool
    public var name: SQLQualifiedName?
    public var table: SQLName?
    public var columns: [SQLOrderingTerm]
    public var whereClause: SQLExpression?
}

public struct SQLCreateTrigger: Sendable, Hashable {
    public var isTemporary: Bool
    public var ifNotExists: Bool
    public var name: SQLQualifiedName?
    /// `BEFORE`, `AFTER`, `INSTEAD OF`, or empty.
    public var timing: String
    /// `DELETE`, `INSERT`, `UPDATE`.
    public var event: String
    public var updateColumns: [SQLName]
    public var table: SQLQualifiedName?
    public var when: SQLExpression?
    public var body: [SQLStatement]
}

public enum SQLAlterAction: Sendable, Hashable {
    case renameTable(to: SQLName)
    case renameColumn(from: SQLName, to: SQLName)
    case addColumn(SQLColumnDefinition)
    case dropColumn(SQLName)
    case missing
}

public struct SQLAlterTable: Sendable, Hashable {
    public var table: SQLQualifiedName?
    public var action: SQLAlterAction
}

public struct SQLDrop: Sendable, Hashable {
    /// `TABLE`, `VIEW`, `INDEX`, `TRIGGER`.
    public var objectKind: String
    public var ifExists: Bool
    public var name: SQLQualifiedName?
}

/// `ATTACH [DATABASE] file AS schema`: the schema name later statements qualify with.
public struct SQLAttach: Sendable, Hashable {
    public var file: SQLExpression
    /// `nil` while the statement is still being typed (`ATTACH 'x.db' AS`).
    public var schemaName: SQLName?
}

// MARK: - Statements

public indirect enum SQLStatementKind: Sendable, Hashable {
    case select(SQLSelect)
    case insert(SQLInsert)
    case update(SQLUpdate)
    case delete(SQLDelete)
    case createTable(SQLCreateTable)
    case createView(SQLCreateView)
    case createIndex(SQLCreateIndex)
    case createTrigger(SQLCreateTrigger)
    case alterTable(SQLAlterTable)
    case drop(SQLDrop)
    case attach(SQLAttach)
    /// PRAGMA, BEGIN, COMMIT, VACUUM, DETACH and the rest: kept as a range only.
    case other
}

public struct SQLStatement: Sendable, Hashable {
    public var kind: SQLStatementKind
    /// From the first token to the last, `;` excluded.
    public var range: ByteRange
    /// The statement's first keyword (`SELECT`, `WITH`, `INSERT`, `EXPLAIN`, …), for hover.
    public var firstKeywordRange: ByteRange
}

/// What ``SQLParser`` read from one SQL text: its statements, and every token with the role the
/// parser gave it (for semantic colouring) so no later reader tokenizes again.
public struct SQLSyntaxTree: Sendable {
    public var sql: TokenizedSQL
    public var statements: [SQLStatement]
    /// Byte offsets where the parser met something it did not expect (for tests and fuzzing;
    /// SQLite's prepare is what reports errors to users).
    public var unexpectedTokenOffsets: [Int]

    /// The statement whose range holds `offset` (its end included, so a cursor right after the
    /// last typed character still finds it).
    public func statement(at offset: Int) -> SQLStatement? {
        statements.last { $0.range.lowerBound <= offset && offset <= $0.range.upperBound }
    }
}
