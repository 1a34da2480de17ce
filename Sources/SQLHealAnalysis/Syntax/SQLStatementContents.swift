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
        var walker = SQLStatementWalker()
        walker.visit(self)
        walker.contents.tableMentions.sort { $0.offset < $1.offset }
        return walker.contents
    }
}

/// Walks statements and expressions down to every table source and expression; recursion depth
/// is bounded by the parser's own nesting limit.
private struct SQLStatementWalker {
    var contents = SQLStatementContents()

    mutating func note(_ name: SQLQualifiedName?, alias: SQLName? = nil, role: SQLTableMention.Role, isTriggerTable: Bool = false) {
        guard let name, !name.name.text.isEmpty, !name.name.isPlaceholder else { return }
        contents.tableMentions.append(SQLTableMention(kind: .table, role: role, schema: name.schema?.text, name: name.name.text, alias: alias,
                                                      offset: name.range.lowerBound, isTriggerTable: isTriggerTable))
    }

    mutating func visit(_ statement: SQLStatement) {
        switch statement.kind {
        case .select(let select):
            visit(select)
        case .insert(let insert):
            visit(insert.with)
            note(insert.table, alias: insert.alias, role: .target)
            switch insert.source {
            case .values(let rows): for row in rows { visit(row) }
            case .select(let select): visit(select)
            case .defaultValues, .missing: break
            }
            for upsert in insert.upserts {
                visit(upsert.targetColumns)
                visit(upsert.targetWhere)
                for assignment in upsert.assignments ?? [] { visit(assignment.value) }
                visit(upsert.whereClause)
            }
            visit(insert.returning)
        case .update(let update):
            visit(update.with)
            note(update.table, alias: update.alias, role: .target)
            for assignment in update.assignments { visit(assignment.value) }
            if let from = update.from { visit(from) }
            visit(update.whereClause)
            visit(update.returning)
            visit(update.orderBy.map(\.expression))
            visit(update.limit)
        case .delete(let delete):
            visit(delete.with)
            note(delete.table, alias: delete.alias, role: .source)
            visit(delete.whereClause)
            visit(delete.returning)
            visit(delete.orderBy.map(\.expression))
            visit(delete.limit)
        case .createTable(let create):
            note(create.name, role: .schemaObject)
            if let select = create.asSelect { visit(select) }
        case .createView(let view):
            note(view.name, role: .schemaObject)
            if let select = view.select { visit(select) }
        case .createIndex(let index):
            note(index.table.map { SQLQualifiedName(schema: nil, name: $0) }, role: .schemaObject)
            visit(index.columns.map(\.expression))
            visit(index.whereClause)
        case .createTrigger(let trigger):
            note(trigger.table, role: .schemaObject, isTriggerTable: true)
            visit(trigger.when)
            for statement in trigger.body { visit(statement) }
        case .alterTable(let alter):
            note(alter.table, role: .schemaObject)
        case .drop(let drop):
            if drop.objectKind == "TABLE" || drop.objectKind == "VIEW" { note(drop.name, role: .schemaObject) }
        case .attach, .other:
            break
        }
    }

    mutating func visit(_ with: SQLWithClause?) {
        for table in with?.tables ?? [] {
            contents.commonTableNames.append(table.name)
            visit(table.select)
        }
    }

    mutating func visit(_ select: SQLSelect) {
        visit(select.with)
        for core in select.cores {
            for column in core.resultColumns { visit(column) }
            if let from = core.from { visit(from) }
            visit(core.whereClause)
            visit(core.groupBy)
            visit(core.having)
            for window in core.windows { visit(window.specification) }
            for row in core.valueRows ?? [] { visit(row) }
        }
        visit(select.orderBy.map(\.expression))
        visit(select.limit)
        visit(select.offset)
    }

    mutating func visit(_ join: SQLJoinClause) {
        for item in join.items {
            visit(item.source)
            if case .on(let condition) = item.constraint { visit(condition) }
        }
    }

    mutating func visit(_ source: SQLTableSource) {
        switch source.kind {
        case .table(let name):
            note(name, alias: source.alias, role: .source)
        case .subquery(let select):
            contents.tableMentions.append(SQLTableMention(kind: .subquery, role: .source, name: "", alias: source.alias, offset: source.range.lowerBound))
            visit(select)
        case .function(let call):
            contents.tableMentions.append(SQLTableMention(kind: .tableFunction, role: .source, name: call.name.text, alias: source.alias, offset: call.name.range.lowerBound))
            visit(call.arguments)
        case .join(let join):
            visit(join)
        }
    }

    mutating func visit(_ columns: [SQLResultColumn]) {
        for column in columns { visit(column) }
    }

    mutating func visit(_ column: SQLResultColumn) {
        guard case .expression(let expression, let alias, _) = column else { return }
        if let alias { contents.resultAliases.append(alias) }
        visit(expression)
    }

    mutating func visit(_ window: SQLWindowSpecification?) {
        guard let window else { return }
        visit(window.partitionBy)
        visit(window.orderBy.map(\.expression))
        visit(window.frameExpressions)
    }

    mutating func visit(_ expressions: [SQLExpression]) {
        for expression in expressions { visit(expression) }
    }

    mutating func visit(_ expression: SQLExpression?) {
        guard let expression else { return }
        contents.expressions.append(expression)
        switch expression.kind {
        case .literal, .column, .parameter, .raise, .missing:
            break
        case .unary(_, let operand), .postfix(_, let operand), .cast(let operand, _), .collate(let operand, _):
            visit(operand)
        case .binary(_, let left, let right):
            visit(left)
            visit(right)
        case .between(let value, let lower, let upper, _):
            visit([value, lower, upper])
        case .inList(let value, let items, _):
            visit(value)
            visit(items)
        case .inSelect(let value, let select, _):
            visit(value)
            visit(select)
        case .inTable(let value, let table, _):
            visit(value)
            note(table, role: .source)
        case .function(let call):
            visit(call.arguments)
            visit(call.filter)
            visit(call.window)
        case .caseWhen(let operand, let branches, let otherwise):
            visit(operand)
            for branch in branches { visit([branch.condition, branch.result]) }
            visit(otherwise)
        case .exists(let select, _), .subquery(let select):
            visit(select)
        case .row(let items):
            visit(items)
        }
    }
}
