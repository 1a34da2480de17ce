// What a statement contains, read from the syntax tree alone (no schema, no scopes): every place
// it names a table (or something standing where a table does), every expression, the names it
// gives. For readers that need "which tables does this statement touch, under which aliases,
// and which columns does it compare with what" without binding columns in scopes: the checker's
// messages and the repair's usage evidence.

/// A table, view, CTE, subquery or table-valued function where a statement names one.
public struct SQLTableMention: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A name standing where a table does: a table, view or CTE (the tree cannot tell which).
        case table
        /// `(SELECT …) AS alias`: only its alias names it.
        case subquery
        /// `json_each(x) AS j`: the function's name.
        case tableFunction
    }

    public enum Role: String, Sendable, Hashable {
        /// Read from (FROM, JOIN, `IN table`, a DELETE's table).
        case source
        /// Written by INSERT / REPLACE / UPDATE: what `excluded.` and SET names refer to.
        case target
        /// Created, altered, dropped or indexed by a schema statement, or a trigger's table
        /// (what `NEW.` and `OLD.` stand for).
        case schemaObject
    }

    public var kind: Kind
    public var role: Role
    /// `main` / `temp` / an attached schema in `temp.t`, unquoted.
    public var schema: String?
    /// The name as written, unquoted (empty for a subquery).
    public var name: String
    public var alias: SQLName?
    /// Where the mention starts (the name, or the subquery's `(`).
    public var offset: Int
    /// True for a trigger's table: `NEW` and `OLD` qualify its columns.
    public var isTriggerTable: Bool = false
}

/// Everything one statement holds, subqueries, CTE bodies and trigger bodies included.
public struct SQLStatementContents: Sendable {
    /// Every table mention, in source order.
    public var tableMentions: [SQLTableMention] = []
    /// Every expression node, each before the nodes inside it (a column reference is found
    /// here however deep it sits).
    public var expressions: [SQLExpression] = []
    /// Names the statement gives result columns (`count(*) AS n`).
    public var resultAliases: [SQLName] = []
    /// Names of the CTEs its WITH clauses define.
    public var commonTableNames: [SQLName] = []
}

extension SQLStatement {
    /// Every table the statement names, in source order.
    public var tableMentions: [SQLTableMention] { contents.tableMentions }

    public var contents: SQLStatementContents {
        var recorder = ContentsRecorder()
        SQLStatementWalk.walk(self, visitor: &recorder)
        recorder.contents.tableMentions.sort { $0.offset < $1.offset }
        return recorder.contents
    }
}

private struct ContentsRecorder: SQLStatementVisitor {
    var contents = SQLStatementContents()

    mutating func visitTable(_ name: SQLQualifiedName, alias: SQLName?, role: SQLTableMention.Role, isTriggerTable: Bool) {
        contents.tableMentions.append(SQLTableMention(kind: .table, role: role, schema: name.schema?.text, name: name.name.text, alias: alias,
                                                      offset: name.range.lowerBound, isTriggerTable: isTriggerTable))
    }

    mutating func visitSubquerySource(_ source: SQLTableSource) {
        contents.tableMentions.append(SQLTableMention(kind: .subquery, role: .source, name: "", alias: source.alias, offset: source.range.lowerBound))
    }

    mutating func visitTableFunction(_ call: SQLFunctionCall, alias: SQLName?) {
        contents.tableMentions.append(SQLTableMention(kind: .tableFunction, role: .source, name: call.name.text, alias: alias, offset: call.name.range.lowerBound))
    }

    mutating func visitExpression(_ expression: SQLExpression, context: SQLExpressionPosition) {
        contents.expressions.append(expression)
    }

    mutating func visitName(_ name: SQLName, role: SQLNameRole) {
        switch role {
        case .resultAlias: contents.resultAliases.append(name)
        case .commonTable: contents.commonTableNames.append(name)
        case .table, .other: break
        }
    }
}

// MARK: - The one walk

/// Where an expression stands in its statement: what a placeholder there can hold.
enum SQLExpressionPosition: Equatable {
    /// Inside an expression, an IN list, a VALUES row, a function's arguments, LIMIT, a DEFAULT
    /// or an assignment's value: it holds a value whatever it is.
    case value
    /// A whole result column (SELECT or RETURNING); `isSoleBeforeFrom` when it is the only
    /// one of a core that reads FROM (`SELECT ${column} FROM t`).
    case resultColumn(isSoleBeforeFrom: Bool)
    /// A whole clause: WHERE, ON, HAVING, an ORDER BY or GROUP BY term, a CHECK, an index term.
    case clause
}

/// What a name the walk meets (outside a column reference) stands for.
enum SQLNameRole: Equatable {
    /// Where a table goes: FROM, JOIN, INTO, UPDATE, DELETE FROM, `IN t`, REFERENCES, the table a
    /// schema statement creates, alters, drops, indexes or triggers on.
    case table
    /// A result column's alias (`AS n`): the rest of the statement may refer to it.
    case resultAlias
    /// A CTE's name.
    case commonTable
    /// Any other name: an alias, a column a statement lists, an index, trigger, window or
    /// constraint name, a function's name.
    case other
}

/// What one walk over a statement reports. Each reader of the tree that needs "everything the
/// statement holds" (``SQLStatementContents``, the checker's `StatementSites`) is a visitor of
/// the same walk, so they cannot disagree about what a statement contains. Every callback has a
/// default that does nothing.
protocol SQLStatementVisitor {
    /// A table-position name that names something (not empty, not a placeholder).
    mutating func visitTable(_ name: SQLQualifiedName, alias: SQLName?, role: SQLTableMention.Role, isTriggerTable: Bool)
    /// `(SELECT …) AS alias` in FROM.
    mutating func visitSubquerySource(_ source: SQLTableSource)
    /// `json_each(x) AS j` in FROM.
    mutating func visitTableFunction(_ call: SQLFunctionCall, alias: SQLName?)
    /// `t` in `SELECT t.*`.
    mutating func visitStarQualifier(_ table: SQLName)
    /// Every expression, before the expressions inside it.
    mutating func visitExpression(_ expression: SQLExpression, context: SQLExpressionPosition)
    /// Every name outside column references, placeholders included.
    mutating func visitName(_ name: SQLName, role: SQLNameRole)
    /// `x` in `SET x = …` (UPDATE and upsert).
    mutating func visitAssignmentTarget(_ column: SQLName)
    /// An INSERT's column list and its VALUES rows (each from `(` to `)`).
    mutating func visitInsert(columns: [SQLName], valueRows: [ByteRange])
}

extension SQLStatementVisitor {
    mutating func visitTable(_ name: SQLQualifiedName, alias: SQLName?, role: SQLTableMention.Role, isTriggerTable: Bool) {}
    mutating func visitSubquerySource(_ source: SQLTableSource) {}
    mutating func visitTableFunction(_ call: SQLFunctionCall, alias: SQLName?) {}
    mutating func visitStarQualifier(_ table: SQLName) {}
    mutating func visitExpression(_ expression: SQLExpression, context: SQLExpressionPosition) {}
    mutating func visitName(_ name: SQLName, role: SQLNameRole) {}
    mutating func visitAssignmentTarget(_ column: SQLName) {}
    mutating func visitInsert(columns: [SQLName], valueRows: [ByteRange]) {}
}

/// Walks a statement down to every table source, expression and name, DDL and trigger bodies
/// included (SQLite reports unknown columns in a CHECK or an index too), in source order;
/// recursion depth is bounded by the parser's own nesting limit. Generic over the visitor, so
/// each reader's walk is specialized and pays for no callback it ignores.
struct SQLStatementWalk<Visitor: SQLStatementVisitor> {
    var visitor: Visitor

    static func walk(_ statement: SQLStatement, visitor: inout Visitor) {
        var walk = SQLStatementWalk(visitor: visitor)
        walk.visit(statement)
        visitor = walk.visitor
    }

    private mutating func name(_ name: SQLName?, _ role: SQLNameRole = .other) {
        guard let name else { return }
        visitor.visitName(name, role: role)
    }

    private mutating func names(_ names: [SQLName]) {
        for name in names { visitor.visitName(name, role: .other) }
    }

    private mutating func table(_ qualified: SQLQualifiedName?, alias: SQLName? = nil, role: SQLTableMention.Role, isTriggerTable: Bool = false) {
        guard let qualified else { return }
        name(qualified.schema)
        name(qualified.name, .table)
        if !qualified.name.text.isEmpty, !qualified.name.isPlaceholder {
            visitor.visitTable(qualified, alias: alias, role: role, isTriggerTable: isTriggerTable)
        }
    }

    private mutating func visit(_ statement: SQLStatement) {
        switch statement.kind {
        case .select(let select):
            visit(select)
        case .insert(let insert):
            visit(insert.with)
            table(insert.table, alias: insert.alias, role: .target)
            name(insert.alias)
            names(insert.columns)
            visitor.visitInsert(columns: insert.columns, valueRows: insert.valueRowRanges)
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
            table(update.table, alias: update.alias, role: .target)
            name(update.alias)
            visit(update.assignments)
            if let from = update.from { visit(from) }
            visit(update.whereClause, as: .clause)
            visit(update.returning)
            visit(update.orderBy.map(\.expression), as: .clause)
            visit(update.limit, as: .value)
        case .delete(let delete):
            visit(delete.with)
            table(delete.table, alias: delete.alias, role: .source)
            name(delete.alias)
            visit(delete.whereClause, as: .clause)
            visit(delete.returning)
            visit(delete.orderBy.map(\.expression), as: .clause)
            visit(delete.limit, as: .value)
        case .createTable(let create):
            table(create.name, role: .schemaObject)
            for column in create.columns { visit(column) }
            for constraint in create.constraints {
                name(constraint.name)
                switch constraint.kind {
                case .primaryKey(let expressions), .unique(let expressions): visit(expressions, as: .clause)
                case .check(let expression): visit(expression, as: .clause)
                case .foreignKey(let columns, let clause):
                    names(columns)
                    visit(clause)
                }
            }
            if let select = create.asSelect { visit(select) }
        case .createView(let view):
            table(view.name, role: .schemaObject)
            names(view.columns)
            if let select = view.select { visit(select) }
        case .createIndex(let index):
            name(index.name?.schema)
            name(index.name?.name)
            table(index.table.map { SQLQualifiedName(schema: nil, name: $0) }, role: .schemaObject)
            visit(index.columns.map(\.expression), as: .clause)
            visit(index.whereClause, as: .clause)
        case .createTrigger(let trigger):
            name(trigger.name?.name)
            names(trigger.updateColumns)
            table(trigger.table, role: .schemaObject, isTriggerTable: true)
            visit(trigger.when, as: .clause)
            for statement in trigger.body { visit(statement) }
        case .alterTable(let alter):
            table(alter.table, role: .schemaObject)
            switch alter.action {
            case .renameTable(let newName), .dropColumn(let newName): name(newName)
            case .renameColumn(let from, let to): names([from, to])
            case .addColumn(let column): visit(column)
            case .missing: break
            }
        case .drop(let drop):
            if drop.objectKind == "TABLE" || drop.objectKind == "VIEW" {
                table(drop.name, role: .schemaObject)
            } else {
                name(drop.name?.name)
            }
        case .attach(let attach):
            visit(attach.file, as: .value)
            name(attach.schemaName)
        case .other:
            break
        }
    }

    private mutating func visit(_ column: SQLColumnDefinition) {
        name(column.name)
        for constraint in column.constraints {
            name(constraint.name)
            switch constraint.kind {
            case .check(let expression), .generated(let expression, _): visit(expression, as: .clause)
            case .defaultValue(let expression): visit(expression, as: .value)
            case .references(let clause): visit(clause)
            case .primaryKey, .notNull, .null, .unique, .collate: break
            }
        }
    }

    private mutating func visit(_ clause: SQLForeignKeyClause) {
        table(SQLQualifiedName(schema: nil, name: clause.table), role: .schemaObject)
        names(clause.columns)
    }

    private mutating func visit(_ assignments: [SQLAssignment]) {
        for assignment in assignments {
            names(assignment.columns)
            for column in assignment.columns where !column.isPlaceholder { visitor.visitAssignmentTarget(column) }
            visit(assignment.value, as: .value)
        }
    }

    private mutating func visit(_ with: SQLWithClause?) {
        for table in with?.tables ?? [] {
            name(table.name, .commonTable)
            names(table.columns)
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
                name(window.name)
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
            case .using(let columns): names(columns)
            case .none: break
            }
        }
    }

    private mutating func visit(_ source: SQLTableSource) {
        switch source.kind {
        case .table(let name):
            table(name, alias: source.alias, role: .source)
        case .subquery(let select):
            visitor.visitSubquerySource(source)
            visit(select)
        case .function(let call):
            visitor.visitTableFunction(call, alias: source.alias)
            visit(call.arguments, as: .value)
        case .join(let join):
            visit(join)
        }
        name(source.alias)
    }

    private mutating func visit(_ columns: [SQLResultColumn]) {
        for column in columns { visit(column, isSoleBeforeFrom: false) }
    }

    private mutating func visit(_ column: SQLResultColumn, isSoleBeforeFrom: Bool) {
        switch column {
        case .all: break
        case .allOf(let table, _):
            if table.isPlaceholder { name(table) } else { visitor.visitStarQualifier(table) }
        case .expression(let expression, let alias, _):
            visit(expression, as: .resultColumn(isSoleBeforeFrom: isSoleBeforeFrom && alias == nil))
            name(alias, .resultAlias)
        }
    }

    private mutating func visit(_ window: SQLWindowSpecification?) {
        guard let window else { return }
        name(window.baseName)
        visit(window.partitionBy, as: .clause)
        visit(window.orderBy.map(\.expression), as: .clause)
        visit(window.frameExpressions, as: .value)
    }

    private mutating func visit(_ expressions: [SQLExpression], as context: SQLExpressionPosition) {
        for expression in expressions { visit(expression, as: context) }
    }

    /// `context` is where the expression itself stands; what it holds stands in a value.
    private mutating func visit(_ expression: SQLExpression?, as context: SQLExpressionPosition) {
        guard let expression else { return }
        visitor.visitExpression(expression, context: context)
        switch expression.kind {
        case .column(let reference):
            name(reference.schema)
            name(reference.table)
            name(reference.column)
        case .literal, .parameter, .raise, .missing:
            break
        case .unary(_, let operand), .postfix(_, let operand), .cast(let operand, _), .collate(let operand, _):
            visit(operand, as: .value)
        case .binary(_, let left, let right):
            visit(left, as: .value)
            visit(right, as: .value)
        case .between(let value, let lower, let upper, _):
            visit([value, lower, upper], as: .value)
        case .inList(let value, let items, _):
            visit(value, as: .value)
            visit(items, as: .value)
        case .inSelect(let value, let select, _):
            visit(value, as: .value)
            visit(select)
        case .inTable(let value, let inTable, _):
            visit(value, as: .value)
            table(inTable, role: .source)
        case .function(let call):
            name(call.name)
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
