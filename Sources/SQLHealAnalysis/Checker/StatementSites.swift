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
    enum PlaceholderContext: Equatable {
        /// Inside an expression, an IN list, a VALUES row, a function's arguments, LIMIT or an
        /// assignment's value: it holds a value whatever it is.
        case value
        /// A whole result column (SELECT or RETURNING); `isSoleBeforeFrom` when it is the only
        /// one of a core that reads FROM (`SELECT ${column} FROM t`).
        case resultColumn(isSoleBeforeFrom: Bool)
        /// A whole clause: WHERE, ON, HAVING, an ORDER BY or GROUP BY term, a CHECK.
        case clause
    }

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
        if let statement { visit(statement) }
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

    // MARK: - Walking the tree

    private func shifted(_ name: SQLName) -> SQLName {
        SQLName(text: name.text, range: name.range.shifted(by: shift), isPlaceholder: name.isPlaceholder)
    }

    private mutating func noteName(_ name: SQLName?, isResultAlias: Bool = false, isTable: Bool = false) {
        guard let name, name.isPlaceholder else { return }
        placeholderNames.append(PlaceholderName(range: name.range.shifted(by: shift), isResultAlias: isResultAlias, isTable: isTable))
    }

    private mutating func noteTable(_ name: SQLQualifiedName?) {
        guard let name else { return }
        noteName(name.schema)
        noteName(name.name, isTable: true)
        guard !name.name.text.isEmpty, !name.name.isPlaceholder else { return }
        tables.append(TableSite(schema: name.schema.map(shifted), name: shifted(name.name)))
    }

    private mutating func noteTable(_ name: SQLName?) {
        noteTable(name.map { SQLQualifiedName(schema: nil, name: $0) })
    }

    private mutating func noteNames(_ names: [SQLName]) {
        for name in names { noteName(name) }
    }

    private mutating func visit(_ statement: SQLStatement) {
        switch statement.kind {
        case .select(let select):
            visit(select)
        case .insert(let insert):
            visit(insert.with)
            noteTable(insert.table)
            noteName(insert.alias)
            noteNames(insert.columns)
            insertColumns += insert.columns.filter { !$0.isPlaceholder }.map(shifted)
            if insertValueRows.isEmpty { insertValueRows = insert.valueRowRanges.map { $0.shifted(by: shift) } }
            switch insert.source {
            case .values(let rows): for row in rows { visit(row, as: .value) }
            case .select(let select): visit(select)
            case .defaultValues, .missing: break
            }
            for upsert in insert.upserts {
                visit(upsert.targetColumns, as: .clause)
                visit(upsert.targetWhere, as: .clause)
                visit(upsert.assignments ?? [])
                visit(upsert.whereClause, as: .clause)
            }
            visit(insert.returning)
        case .update(let update):
            visit(update.with)
            noteTable(update.table)
            noteName(update.alias)
            visit(update.assignments)
            if let from = update.from { visit(from) }
            visit(update.whereClause, as: .clause)
            visit(update.returning)
            visit(update.orderBy.map(\.expression), as: .clause)
            visit(update.limit, as: .value)
        case .delete(let delete):
            visit(delete.with)
            noteTable(delete.table)
            noteName(delete.alias)
            visit(delete.whereClause, as: .clause)
            visit(delete.returning)
            visit(delete.orderBy.map(\.expression), as: .clause)
            visit(delete.limit, as: .value)
        case .createTable(let create):
            noteTable(create.name)
            for column in create.columns { visit(column) }
            for constraint in create.constraints {
                noteName(constraint.name)
                switch constraint.kind {
                case .primaryKey(let expressions), .unique(let expressions): visit(expressions, as: .clause)
                case .check(let expression): visit(expression, as: .clause)
                case .foreignKey(let columns, let clause):
                    noteNames(columns)
                    visit(clause)
                }
            }
            if let select = create.asSelect { visit(select) }
        case .createView(let view):
            noteTable(view.name)
            noteNames(view.columns)
            if let select = view.select { visit(select) }
        case .createIndex(let index):
            noteName(index.name?.schema)
            noteName(index.name?.name)
            noteTable(index.table)
            visit(index.columns.map(\.expression), as: .clause)
            visit(index.whereClause, as: .clause)
        case .createTrigger(let trigger):
            noteName(trigger.name?.name)
            noteNames(trigger.updateColumns)
            noteTable(trigger.table)
            visit(trigger.when, as: .clause)
            for statement in trigger.body { visit(statement) }
        case .alterTable(let alter):
            noteTable(alter.table)
            switch alter.action {
            case .renameTable(let name), .dropColumn(let name): noteName(name)
            case .renameColumn(let from, let to): noteNames([from, to])
            case .addColumn(let column): visit(column)
            case .missing: break
            }
        case .drop(let drop):
            if drop.objectKind == "TABLE" || drop.objectKind == "VIEW" {
                noteTable(drop.name)
            } else {
                noteName(drop.name?.name)
            }
        case .attach(let attach):
            visit(attach.file, as: .value)
            noteName(attach.schemaName)
        case .other:
            break
        }
    }

    private mutating func visit(_ column: SQLColumnDefinition) {
        noteName(column.name)
        for constraint in column.constraints {
            noteName(constraint.name)
            switch constraint.kind {
            case .check(let expression), .generated(let expression, _): visit(expression, as: .clause)
            case .defaultValue(let expression): visit(expression, as: .value)
            case .references(let clause): visit(clause)
            case .primaryKey, .notNull, .null, .unique, .collate: break
            }
        }
    }

    private mutating func visit(_ clause: SQLForeignKeyClause) {
        noteTable(clause.table)
        noteNames(clause.columns)
    }

    private mutating func visit(_ assignments: [SQLAssignment]) {
        for assignment in assignments {
            noteNames(assignment.columns)
            for column in assignment.columns where !column.isPlaceholder {
                columns.append(ColumnSite(chain: [shifted(column)], isAssignmentTarget: true))
            }
            visit(assignment.value, as: .value)
        }
    }

    private mutating func visit(_ with: SQLWithClause?) {
        for table in with?.tables ?? [] {
            noteName(table.name)
            noteNames(table.columns)
            visit(table.select)
        }
    }

    private mutating func visit(_ select: SQLSelect) {
        visit(select.with)
        for core in select.cores {
            let readsFrom = core.from != nil
            for column in core.resultColumns {
                visit(column, isSoleBeforeFrom: readsFrom && core.resultColumns.count == 1)
            }
            if let from = core.from { visit(from) }
            visit(core.whereClause, as: .clause)
            visit(core.groupBy, as: .clause)
            visit(core.having, as: .clause)
            for window in core.windows {
                noteName(window.name)
                visit(window.specification)
            }
            for row in core.valueRows ?? [] { visit(row, as: .value) }
        }
        visit(select.orderBy.map(\.expression), as: .clause)
        visit(select.limit, as: .value)
        visit(select.offset, as: .value)
    }

    private mutating func visit(_ join: SQLJoinClause) {
        for item in join.items {
            visit(item.source)
            switch item.constraint {
            case .on(let condition): visit(condition, as: .clause)
            case .using(let names): noteNames(names)
            case .none: break
            }
        }
    }

    private mutating func visit(_ source: SQLTableSource) {
        switch source.kind {
        case .table(let name): noteTable(name)
        case .subquery(let select): visit(select)
        case .function(let call):
            otherTableNames.append(shifted(call.name))
            visit(call.arguments, as: .value)
        case .join(let join): visit(join)
        }
        noteName(source.alias)
    }

    private mutating func visit(_ columns: [SQLResultColumn]) {
        for column in columns { visit(column, isSoleBeforeFrom: false) }
    }

    private mutating func visit(_ column: SQLResultColumn, isSoleBeforeFrom: Bool) {
        switch column {
        case .all: break
        case .allOf(let table, _):
            if table.isPlaceholder { noteName(table) } else { otherTableNames.append(shifted(table)) }
        case .expression(let expression, let alias, _):
            visit(expression, as: .resultColumn(isSoleBeforeFrom: isSoleBeforeFrom && alias == nil))
            noteName(alias, isResultAlias: true)
        }
    }

    private mutating func visit(_ window: SQLWindowSpecification?) {
        guard let window else { return }
        noteName(window.baseName)
        visit(window.partitionBy, as: .clause)
        visit(window.orderBy.map(\.expression), as: .clause)
        visit(window.frameExpressions, as: .value)
    }

    private mutating func visit(_ expressions: [SQLExpression], as context: PlaceholderContext) {
        for expression in expressions { visit(expression, as: context) }
    }

    /// `context` is where the expression itself stands; what it holds stands in a value.
    private mutating func visit(_ expression: SQLExpression?, as context: PlaceholderContext) {
        guard let expression else { return }
        switch expression.kind {
        case .parameter(let text):
            placeholders.append(Placeholder(text: text, range: expression.range.shifted(by: shift), context: context))
        case .column(let reference):
            noteNames([reference.schema, reference.table, reference.column].compactMap { $0 })
            let chain = [reference.schema, reference.table, reference.column].compactMap { $0 }
            if !chain.contains(where: \.isPlaceholder) {
                columns.append(ColumnSite(chain: chain.map(shifted), isAssignmentTarget: false))
            }
        case .literal, .raise, .missing:
            break
        case .unary(_, let operand), .postfix(_, let operand), .cast(let operand, _), .collate(let operand, _):
            visit(operand, as: .value)
        case .binary(_, let left, let right):
            visit([left, right], as: .value)
        case .between(let value, let lower, let upper, _):
            visit([value, lower, upper], as: .value)
        case .inList(let value, let items, _):
            visit([value] + items, as: .value)
        case .inSelect(let value, let select, _):
            visit(value, as: .value)
            visit(select)
        case .inTable(let value, let table, _):
            visit(value, as: .value)
            noteTable(table)
        case .function(let call):
            noteName(call.name)
            visit(call.arguments, as: .value)
            visit(call.filter, as: .clause)
            visit(call.window)
        case .caseWhen(let operand, let branches, let otherwise):
            visit(operand, as: .value)
            for branch in branches { visit([branch.condition, branch.result], as: .value) }
            visit(otherwise, as: .value)
        case .exists(let select, _), .subquery(let select):
            visit(select)
        case .row(let items):
            visit(items, as: .value)
        }
    }
}

