/// Binds the names of a ``SQLSyntaxTree`` to the schema: every table and column reference to
/// what it stands for in its scope (aliases, CTEs, subqueries, `excluded.`, `NEW.`/`OLD.`),
/// every placeholder to the column or function argument it meets, and every result column to a
/// type. It never reports errors; a name it cannot bind is an `unknown…` symbol and SQLite's
/// prepare says what is wrong.
///
/// ```swift
/// let resolution = SQLResolver.resolve(SQLParser.parse(sql), schema: schema)
/// resolution.references(at: offset)   // what the name under the cursor is
/// resolution.scope(at: offset)        // which tables and columns are visible there
/// ```
public struct SQLResolver {
    public static func resolve(_ tree: SQLSyntaxTree, schema: SchemaSnapshot) -> SQLResolution {
        var resolver = SQLResolver(tree: tree, schema: schema)
        for statement in tree.statements {
            resolver.resolveStatement(statement, parent: nil)
        }
        return SQLResolution(
            tree: tree,
            references: resolver.references.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) },
            scopes: resolver.scopes,
            placeholders: resolver.placeholders.sorted { $0.range.lowerBound < $1.range.lowerBound },
            results: resolver.results,
            localTables: resolver.localTables
        )
    }

    public static func resolve(_ sql: String, schema: SchemaSnapshot) -> SQLResolution {
        resolve(SQLParser.parse(sql), schema: schema)
    }

    struct CommonTable {
        var declaration: ByteRange
        var columns: [SQLColumnInfo]
    }

    let tree: SQLSyntaxTree
    let schema: SchemaSnapshot
    var references: [SQLReference] = []
    var scopes: [SQLScope] = []
    var placeholders: [SQLPlaceholderBinding] = []
    var results: [SQLStatementResult] = []
    var localTables: [String: TableSchema] = [:]
    /// ``columns(of:)`` of each table used so far, by lowercased name.
    var columnsByTable: [String: [SQLColumnInfo]] = [:]
    /// Visible CTEs, innermost WITH last.
    var commonTables: [[String: CommonTable]] = []

    init(tree: SQLSyntaxTree, schema: SchemaSnapshot) {
        self.tree = tree
        self.schema = schema
    }

    // MARK: - Scopes

    /// Where the next significant token at or after `offset` starts: a scope reaches up to it.
    func extendedEnd(_ offset: Int) -> Int {
        let tokens = tree.sql.tokens
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].range.lowerBound < offset { low = middle + 1 } else { high = middle }
        }
        var index = low
        while index < tokens.count && tokens[index].isTrivia { index += 1 }
        return index < tokens.count ? tokens[index].range.lowerBound : tree.sql.bytes.count
    }

    mutating func openScope(range: ByteRange, parent: Int?) -> Int {
        scopes.append(SQLScope(range: range.lowerBound..<max(range.upperBound, extendedEnd(range.upperBound)), sources: [], resultAliases: [], parent: parent))
        return scopes.count - 1
    }

    /// `name` compared with a lowercased `key` as SQLite compares identifiers (ASCII case
    /// folded), without allocating: this runs for every column of every source a name is
    /// looked up in.
    static func sameName(_ name: String, _ key: String) -> Bool {
        let lhs = name.utf8
        let rhs = key.utf8
        guard lhs.count == rhs.count else { return false }
        for (a, b) in zip(lhs, rhs) where a != b {
            guard a >= 0x41, a <= 0x5A, a | 0x20 == b else { return false }
        }
        return true
    }

    func table(named name: String) -> TableSchema? {
        schema.table(named: name) ?? localTables[name.lowercased()]
    }

    func commonTable(named name: String) -> CommonTable? {
        for level in commonTables.reversed() {
            if let table = level[name.lowercased()] { return table }
        }
        return nil
    }

    static func columns(of table: TableSchema) -> [SQLColumnInfo] {
        let key = table.name.lowercased()
        return table.columns.map { column in
            let symbol = SQLSymbol.column(table: key, column: column.name.lowercased())
            return SQLColumnInfo(
                name: column.name, declaredType: column.declaredType, affinity: column.affinity,
                origin: symbol, schemaColumn: symbol, isNotNull: column.isNotNull || column.primaryKeyPosition > 0 && table.isWithoutRowid,
                isHidden: column.isHidden
            )
        }
    }

    /// Records a use of the table named `name` and returns the source it brings.
    mutating func useTable(_ name: SQLName, alias: SQLName?) -> SQLScopeSource {
        let visibleName = alias?.text ?? name.text
        if let alias { references.append(SQLReference(range: alias.range, symbol: .alias(declaration: alias.range), role: .declaration)) }
        let aliasSymbol = alias.map { SQLSymbol.alias(declaration: $0.range) }
        if let cte = commonTable(named: name.text) {
            let symbol = SQLSymbol.commonTable(declaration: cte.declaration)
            references.append(SQLReference(range: name.range, symbol: symbol, role: .use))
            return SQLScopeSource(kind: .commonTable, name: visibleName, tableKey: nil, columns: cte.columns, symbol: aliasSymbol ?? symbol)
        }
        if let table = table(named: name.text) {
            let key = table.name.lowercased()
            let symbol = SQLSymbol.table(key)
            references.append(SQLReference(range: name.range, symbol: symbol, role: .use))
            // A table named again (a self-join, each statement of a migration) reuses its columns.
            let columns = columnsByTable[key] ?? Self.columns(of: table)
            columnsByTable[key] = columns
            return SQLScopeSource(kind: table.kind == .view ? .view : .table, name: visibleName, tableKey: key, columns: columns, symbol: aliasSymbol ?? symbol)
        }
        let symbol = SQLSymbol.unknownTable(name.text)
        if !name.text.isEmpty && !name.isPlaceholder {
            references.append(SQLReference(range: name.range, symbol: symbol, role: .use))
        }
        return SQLScopeSource(kind: .unknown, name: visibleName, tableKey: nil, columns: [], symbol: aliasSymbol ?? symbol)
    }

    // MARK: - Statements

    mutating func resolveStatement(_ statement: SQLStatement, parent: Int?) {
        switch statement.kind {
        case .select(let select):
            let columns = resolveSelect(select, parent: parent)
            results.append(SQLStatementResult(statementRange: statement.range, columns: columns))
        case .insert(let insert): resolveInsert(insert, statement: statement, parent: parent)
        case .update(let update): resolveUpdate(update, statement: statement, parent: parent)
        case .delete(let delete): resolveDelete(delete, statement: statement, parent: parent)
        case .createTable(let create): resolveCreateTable(create, statement: statement)
        case .createView(let view): resolveCreateView(view)
        case .createIndex(let index): resolveCreateIndex(index, statement: statement)
        case .createTrigger(let trigger): resolveCreateTrigger(trigger, statement: statement)
        case .alterTable(let alter): resolveAlterTable(alter)
        case .drop(let drop): resolveDrop(drop)
        case .attach, .other: break
        }
    }

    /// Runs `body` with the CTEs of `with` visible, each one visible to those after it (and to
    /// itself when `RECURSIVE`).
    mutating func withCommonTables<T>(_ with: SQLWithClause?, parent: Int?, _ body: (inout SQLResolver) -> T) -> T {
        guard let with else { return body(&self) }
        commonTables.append([:])
        defer { commonTables.removeLast() }
        for cte in with.tables {
            references.append(SQLReference(range: cte.name.range, symbol: .commonTable(declaration: cte.name.range), role: .declaration))
            for column in cte.columns {
                references.append(SQLReference(range: column.range, symbol: .commonTableColumn(declaration: cte.name.range, column: column.key), role: .declaration))
            }
            if with.isRecursive {
                // The recursive part sees the CTE's columns as its first (non-recursive) core
                // makes them: resolve that core on a copy, keeping nothing but its columns.
                var probe = self
                var firstCore = cte.select
                firstCore.cores = Array(cte.select.cores.prefix(1))
                firstCore.compoundOperators = []
                let probed = probe.resolveSelect(firstCore, parent: parent)
                commonTables[commonTables.count - 1][cte.name.key] = CommonTable(declaration: cte.name.range, columns: commonTableColumns(cte, probed))
            }
            let columns = resolveSelect(cte.select, parent: parent)
            commonTables[commonTables.count - 1][cte.name.key] = CommonTable(declaration: cte.name.range, columns: commonTableColumns(cte, columns))
        }
        return body(&self)
    }

    func commonTableColumns(_ cte: SQLCommonTableExpression, _ selected: [SQLColumnInfo]) -> [SQLColumnInfo] {
        guard !cte.columns.isEmpty else {
            return selected.map { column in
                var column = column
                column.origin = .commonTableColumn(declaration: cte.name.range, column: column.name.lowercased())
                return column
            }
        }
        return cte.columns.enumerated().map { index, name in
            let selectedColumn = index < selected.count ? selected[index] : nil
            return SQLColumnInfo(
                name: name.text, declaredType: selectedColumn?.declaredType ?? "", affinity: selectedColumn?.affinity,
                origin: .commonTableColumn(declaration: cte.name.range, column: name.key), schemaColumn: selectedColumn?.schemaColumn,
                isNotNull: selectedColumn?.isNotNull ?? false
            )
        }
    }

    // MARK: SELECT

    /// Resolves a SELECT (CTEs, every core, ORDER BY, LIMIT) and returns its result columns.
    @discardableResult
    mutating func resolveSelect(_ select: SQLSelect, parent: Int?) -> [SQLColumnInfo] {
        withCommonTables(select.with, parent: parent) { resolver in
            var firstColumns: [SQLColumnInfo]?
            var lastScope: Int?
            for core in select.cores {
                let (columns, scope) = resolver.resolveCore(core, parent: parent)
                if firstColumns == nil { firstColumns = columns }
                lastScope = scope
            }
            // ORDER BY of a compound select sees the result columns; of a simple one, the core's scope too.
            let orderScope: Int
            if let lastScope, select.cores.count == 1 {
                orderScope = lastScope
                if let first = firstColumns { resolver.scopes[orderScope].resultAliases = first }
                let extended = resolver.extendedEnd(select.range.upperBound)
                resolver.scopes[orderScope].range = resolver.scopes[orderScope].range.lowerBound..<max(resolver.scopes[orderScope].range.upperBound, extended)
            } else {
                orderScope = resolver.openScope(range: select.range, parent: parent)
                resolver.scopes[orderScope].resultAliases = firstColumns ?? []
            }
            for term in select.orderBy { resolver.resolveExpression(term.expression, scope: orderScope, allowResultAliases: true) }
            if let limit = select.limit { resolver.resolveExpression(limit, scope: orderScope, placeholder: PlaceholderMeeting(.limit, relation: "LIMIT")) }
            if let offset = select.offset { resolver.resolveExpression(offset, scope: orderScope, placeholder: PlaceholderMeeting(.limit, relation: "OFFSET")) }
            return firstColumns ?? []
        }
    }

    mutating func resolveCore(_ core: SQLSelectCore, parent: Int?) -> ([SQLColumnInfo], Int) {
        let scope = openScope(range: core.range, parent: parent)
        if let rows = core.valueRows {
            for row in rows { for value in row { resolveExpression(value, scope: scope) } }
            let columns = (rows.first ?? []).enumerated().map { index, value in
                var info = typeOf(value, scope: scope)
                info.name = "column\(index + 1)"
                return info
            }
            return (columns, scope)
        }
        if let from = core.from {
            scopes[scope].sources = resolveJoin(from, scope: scope)
        }
        let columns = resolveResultColumns(core.resultColumns, scope: scope)
        if let whereClause = core.whereClause { resolveExpression(whereClause, scope: scope) }
        scopes[scope].resultAliases = columns
        for group in core.groupBy { resolveExpression(group, scope: scope, allowResultAliases: true) }
        if let having = core.having { resolveExpression(having, scope: scope, allowResultAliases: true) }
        for window in core.windows { resolveWindow(window.specification, scope: scope) }
        return (columns, scope)
    }

    mutating func resolveResultColumns(_ resultColumns: [SQLResultColumn], scope: Int) -> [SQLColumnInfo] {
        var columns: [SQLColumnInfo] = []
        for resultColumn in resultColumns {
            switch resultColumn {
            case .all:
                for source in scopes[scope].sources { columns += source.columns.filter { !$0.isHidden } }
            case .allOf(let table, _):
                if let source = findSource(named: table.text, scope: scope) {
                    if let symbol = source.source.symbol { references.append(SQLReference(range: table.range, symbol: symbol, role: .use)) }
                    columns += source.source.columns.filter { !$0.isHidden }
                }
            case .expression(let expression, let alias, _):
                resolveExpression(expression, scope: scope)
                var info = typeOf(expression, scope: scope)
                if let alias {
                    // A name the statement gives: what refers to it (ORDER BY, an outer
                    // query) refers to this alias, not to a column it was computed from.
                    info.name = alias.text
                    info.origin = .resultAlias(declaration: alias.range)
                    references.append(SQLReference(range: alias.range, symbol: .resultAlias(declaration: alias.range), role: .declaration))
                } else if case .column(let reference) = expression.kind {
                    info.name = reference.column.text
                } else {
                    info.name = tree.sql.text(in: expression.range)
                }
                columns.append(info)
            }
        }
        return columns
    }

    /// Resolves a FROM clause: each item's source, then the join constraints (which see every
    /// source to their left and the item itself).
    mutating func resolveJoin(_ join: SQLJoinClause, scope: Int) -> [SQLScopeSource] {
        var sources: [SQLScopeSource] = []
        for item in join.items {
            let added = resolveTableSource(item.source, scope: scope)
            let leftSources = sources
            sources += added
            scopes[scope].sources = sources
            switch item.constraint {
            case .none: break
            case .on(let expression): resolveExpression(expression, scope: scope)
            case .using(let names):
                for name in names {
                    for source in leftSources + added {
                        if let column = source.columns.first(where: { SQLResolver.sameName($0.name, name.key) }), let origin = column.origin {
                            references.append(SQLReference(range: name.range, symbol: origin, role: .use))
                            break
                        }
                    }
                }
            }
        }
        return sources
    }

    mutating func resolveTableSource(_ source: SQLTableSource, scope: Int) -> [SQLScopeSource] {
        switch source.kind {
        case .table(let name):
            return [useTable(name.name, alias: source.alias)]
        case .subquery(let select):
            let columns = resolveSelect(select, parent: scopes[scope].parent)
            if let alias = source.alias {
                references.append(SQLReference(range: alias.range, symbol: .alias(declaration: alias.range), role: .declaration))
            }
            return [SQLScopeSource(kind: .subquery, name: source.alias?.text ?? "", tableKey: nil, columns: columns, symbol: source.alias.map { .alias(declaration: $0.range) })]
        case .function(let call):
            for (index, argument) in call.arguments.enumerated() {
                resolveExpression(argument, scope: scope, placeholder: PlaceholderMeeting(.functionArgument(function: call.name.text, index: index)))
            }
            references.append(SQLReference(range: call.name.range, symbol: .function(call.name.key), role: .use))
            let columns = SQLiteFunctions.tableFunctionColumns(call.name.key).map {
                SQLColumnInfo(name: $0.name, declaredType: $0.type, affinity: $0.type.isEmpty ? nil : TypeAffinity(declaredType: $0.type), origin: nil)
            }
            if let alias = source.alias {
                references.append(SQLReference(range: alias.range, symbol: .alias(declaration: alias.range), role: .declaration))
            }
            return [SQLScopeSource(kind: .tableFunction, name: source.alias?.text ?? call.name.text, tableKey: nil, columns: columns, symbol: source.alias.map { .alias(declaration: $0.range) } ?? .function(call.name.key))]
        case .join(let join):
            var inner = resolveJoin(join, scope: scope)
            if let alias = source.alias {
                references.append(SQLReference(range: alias.range, symbol: .alias(declaration: alias.range), role: .declaration))
                let columns = inner.flatMap(\.columns)
                inner = [SQLScopeSource(kind: .subquery, name: alias.text, tableKey: nil, columns: columns, symbol: .alias(declaration: alias.range))]
            }
            return inner
        }
    }

    mutating func resolveWindow(_ window: SQLWindowSpecification, scope: Int) {
        for expression in window.partitionBy { resolveExpression(expression, scope: scope) }
        for term in window.orderBy { resolveExpression(term.expression, scope: scope) }
        for expression in window.frameExpressions { resolveExpression(expression, scope: scope) }
    }
}
