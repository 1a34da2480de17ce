/// Where one statement names things and where its placeholders stand, read from the SQL model's
/// tree: what the checker needs to find the word an SQLite error names when SQLite gives no
/// offset (`no such table: x`, a `SET` target, an INSERT column), where a value-count error goes,
/// and what a spliced hole stands for. Every node is visited, DDL and trigger bodies included
/// (SQLite reports unknown columns in a CHECK or an index too), in source order.
///
/// Ranges are in the text the checker prepares: the tree's ranges moved by `shift` (the
/// query's tree read the statement at its offset in the whole query's SQL).
struct StatementSites {
    /// A name standing where a table does.
    struct TableSite {
        var schema: SQLName?
        var name: SQLName
    }

    /// A column reference as written: `column`, `table.column` or `schema.table.column`.
    struct ColumnSite {
        /// The names in order, the column last; never empty.
        var chain: [SQLName]
        /// `x` in `UPDATE … SET x = …`, `SET (x, y) = …`, `DO UPDATE SET x = …`: SQLite names an
        /// unknown target without an offset, and it must be replaced by a column, not `NULL`.
        var isAssignmentTarget: Bool

        var range: ByteRange { chain[0].range.lowerBound..<chain[chain.count - 1].range.upperBound }
        var column: SQLName { chain[chain.count - 1] }
    }

    /// Where a placeholder expression (a `?`, `:name`, or an embedded query's hole) stands.
    typealias PlaceholderContext = SQLExpressionPosition

    struct Placeholder {
        var text: String
        var range: ByteRange
        var context: PlaceholderContext
    }

    /// A placeholder standing where a name goes (`FROM ${t}`, `item${k}s`, `AS ${alias}`).
    struct PlaceholderName {
        var range: ByteRange
        /// It names a result column (`AS ${alias}`): the rest of the statement may refer to it.
        var isResultAlias: Bool
        /// It stands where a table goes (`FROM ${t}`, `JOIN ${t} AS x`, `INSERT INTO ${t}`).
        var isTable = false
    }

    /// Names in table positions (FROM, JOIN, INTO, UPDATE, DELETE FROM, `IN t`, REFERENCES, a
    /// created, altered, dropped, indexed or triggered table).
    private(set) var tables: [TableSite] = []
    /// Names standing for a table elsewhere: `t.*`, a table-valued function's name.
    private(set) var otherTableNames: [SQLName] = []
    private(set) var columns: [ColumnSite] = []
    /// Every INSERT's column list, in order.
    private(set) var insertColumns: [SQLName] = []
    /// The first INSERT's VALUES rows, each from its `(` to its `)`.
    private(set) var insertValueRows: [ByteRange] = []
    private(set) var placeholders: [Placeholder] = []
    private(set) var placeholderNames: [PlaceholderName] = []
    /// The statement's first keyword (`EXPLAIN` included).
    let firstKeywordRange: ByteRange?

    private let shift: Int

    init(_ statement: SQLStatement?, shift: Int = 0) {
        self.shift = shift
        firstKeywordRange = statement.map { $0.firstKeywordRange.shifted(by: shift) }
        if let statement { SQLStatementWalk.walk(statement, visitor: &self) }
        tables.sort { $0.name.range.lowerBound < $1.name.range.lowerBound }
        otherTableNames.sort { $0.range.lowerBound < $1.range.lowerBound }
        columns.sort { $0.range.lowerBound < $1.range.lowerBound }
        placeholders.sort { $0.range.lowerBound < $1.range.lowerBound }
    }

    // MARK: - What the checker asks

    /// The name SQLite's `no such table: [qualifier.]name` names: the first in a table
    /// position, else a `name.*` or a table-valued function of that name.
    func locateTable(name: String, qualifier: String?) -> ByteRange? {
        let key = name.lowercased()
        let qualifierKey = qualifier?.lowercased()
        if let site = tables.first(where: { $0.name.key == key && $0.schema?.key == qualifierKey }) {
            return site.name.range
        }
        guard qualifierKey == nil else { return nil }
        return otherTableNames.first { $0.key == key }?.range
    }

    /// The column reference SQLite's `no such column: a.b` (or `ambiguous column name`) names:
    /// the one starting at `offsetStart` (where SQLite's offset points) when it matches,
    /// otherwise an assignment target (SQLite gives those no offset), otherwise the first.
    func locateColumn(chain: [String], startingAt offsetStart: Int?) -> ColumnSite? {
        let wanted = chain.map { $0.lowercased() }
        func matches(_ site: ColumnSite) -> Bool { site.chain.map(\.key) == wanted }
        if let offsetStart, let site = columns.first(where: { $0.range.lowerBound == offsetStart && matches($0) }) {
            return site
        }
        let matching = columns.filter(matches)
        return matching.first { $0.isAssignmentTarget } ?? matching.first
    }

    /// `column` in an INSERT's column list (`table T has no column named C`).
    func locateInsertColumn(_ column: String) -> ByteRange? {
        let key = column.lowercased()
        return insertColumns.first { $0.key == key }?.range
    }

    /// Where to put an error SQLite does not locate: the first VALUES row of the INSERT for a
    /// value-count error (`2 values for 1 columns`), otherwise a view the statement reads (a
    /// missing table behind it), otherwise the statement's first keyword.
    func fallbackRange(schema: SchemaContext, forValueCount: Bool = false) -> ByteRange {
        if forValueCount, let row = insertValueRows.first { return row }
        if let view = tables.first(where: { schema.checkedSchema.table(named: $0.name.text)?.kind == .view }) {
            return view.name.range
        }
        return firstKeywordRange ?? 0..<0
    }

    // MARK: - What the walk reports

    private func shifted(_ name: SQLName) -> SQLName {
        SQLName(text: name.text, range: name.range.shifted(by: shift), isPlaceholder: name.isPlaceholder)
    }
}

/// The sites are one visitor of the walk every reader of a statement's tree shares.
extension StatementSites: SQLStatementVisitor {
    mutating func visitTable(_ name: SQLQualifiedName, alias: SQLName?, role: SQLTableMention.Role, isTriggerTable: Bool) {
        tables.append(TableSite(schema: name.schema.map(shifted), name: shifted(name.name)))
    }

    mutating func visitTableFunction(_ call: SQLFunctionCall, alias: SQLName?) {
        otherTableNames.append(shifted(call.name))
    }

    mutating func visitStarQualifier(_ table: SQLName) {
        otherTableNames.append(shifted(table))
    }

    mutating func visitExpression(_ expression: SQLExpression, context: SQLExpressionPosition) {
        switch expression.kind {
        case .parameter(let text):
            placeholders.append(Placeholder(text: text, range: expression.range.shifted(by: shift), context: context))
        case .column(let reference):
            let chain = [reference.schema, reference.table, reference.column].compactMap { $0 }
            if !chain.contains(where: \.isPlaceholder) {
                columns.append(ColumnSite(chain: chain.map(shifted), isAssignmentTarget: false))
            }
        default:
            break
        }
    }

    mutating func visitName(_ name: SQLName, role: SQLNameRole) {
        guard name.isPlaceholder else { return }
        placeholderNames.append(PlaceholderName(range: name.range.shifted(by: shift), isResultAlias: role == .resultAlias, isTable: role == .table))
    }

    mutating func visitAssignmentTarget(_ column: SQLName) {
        columns.append(ColumnSite(chain: [shifted(column)], isAssignmentTarget: true))
    }

    mutating func visitInsert(columns: [SQLName], valueRows: [ByteRange]) {
        insertColumns += columns.filter { !$0.isPlaceholder }.map(shifted)
        if insertValueRows.isEmpty { insertValueRows = valueRows.map { $0.shifted(by: shift) } }
    }
}
