// MARK: - INSERT, UPDATE, DELETE and DDL

extension SQLResolver {
    /// Records `name` as a use of a column of `source` (or an unknown column) and returns its info.
    @discardableResult
    mutating func useColumn(_ name: SQLName, of source: SQLScopeSource) -> SQLColumnInfo? {
        guard !name.text.isEmpty, !name.isPlaceholder else { return nil }
        if let column = source.columns.first(where: { SQLResolver.sameName($0.name, name.key) }) {
            references.append(SQLReference(range: name.range, symbol: column.origin ?? .unknownColumn(name.text), role: .use))
            return column
        }
        references.append(SQLReference(range: name.range, symbol: .unknownColumn(name.text), role: .use))
        return nil
    }

    mutating func resolveAssignments(_ assignments: [SQLAssignment], target: SQLScopeSource, scope: Int) {
        for assignment in assignments {
            let columns = assignment.columns.map { useColumn($0, of: target) }
            let bound: SQLPlaceholderBinding.Target? = columns.count == 1 ? columns[0].map { .column($0) } ?? .unknown : nil
            if case .row(let items) = assignment.value.kind, items.count == columns.count {
                for (index, item) in items.enumerated() {
                    resolveExpression(item, scope: scope, placeholder: PlaceholderMeeting(columns[index].map { .column($0) } ?? .unknown))
                }
            } else {
                resolveExpression(assignment.value, scope: scope, placeholder: bound.map { PlaceholderMeeting($0, relation: "SET") })
            }
        }
    }

    mutating func resolveReturning(_ returning: [SQLResultColumn], scope: Int, statement: SQLStatement) {
        guard !returning.isEmpty else { return }
        let columns = resolveResultColumns(returning, scope: scope)
        results.append(SQLStatementResult(statementRange: statement.range, columns: columns))
    }

    mutating func resolveInsert(_ insert: SQLInsert, statement: SQLStatement, parent: Int?) {
        withCommonTables(insert.with, parent: parent) { resolver in
            let scope = resolver.openScope(range: statement.range, parent: parent)
            guard let tableName = insert.table else { return }
            let target = resolver.useTable(tableName.name, alias: insert.alias)
            resolver.scopes[scope].sources = [target]
            let targets: [SQLColumnInfo?]
            if insert.columns.isEmpty {
                targets = resolver.table(named: tableName.name.text).map { table in
                    Self.columns(of: table).enumerated().filter { !table.columns[$0.offset].isHidden }.map(\.element)
                } ?? []
            } else {
                targets = insert.columns.map { resolver.useColumn($0, of: target) }
            }
            func columnTarget(_ index: Int) -> SQLPlaceholderBinding.Target {
                index < targets.count ? targets[index].map { .column($0) } ?? .unknown : .unknown
            }
            switch insert.source {
            case .values(let rows):
                // VALUES rows cannot name the target's columns: resolve them outside its scope.
                let valuesScope = resolver.openScope(range: statement.range.lowerBound..<statement.range.lowerBound, parent: parent)
                for row in rows {
                    for (index, value) in row.enumerated() {
                        resolver.resolveExpression(value, scope: valuesScope, placeholder: PlaceholderMeeting(columnTarget(index), relation: "VALUES"))
                    }
                }
            case .select(let select):
                resolver.resolveSelect(select, parent: parent)
                // `INSERT INTO t (a, b) SELECT ?, ?`: each selected placeholder meets its column.
                if let core = select.cores.first {
                    for (index, column) in core.resultColumns.enumerated() {
                        guard case .expression(let expression, _, _) = column, case .parameter = expression.kind,
                              let binding = resolver.placeholders.lastIndex(where: { $0.range == expression.range }) else { continue }
                        resolver.placeholders[binding].target = columnTarget(index)
                    }
                }
            case .defaultValues, .missing:
                break
            }
            for upsert in insert.upserts {
                let upsertScope = resolver.openScope(range: upsert.range, parent: parent)
                var excluded = target
                excluded.kind = .pseudoTable
                excluded.name = "excluded"
                excluded.symbol = target.tableKey.map { .table($0) }
                resolver.scopes[upsertScope].sources = [target, excluded]
                for column in upsert.targetColumns { resolver.resolveExpression(column, scope: upsertScope) }
                if let condition = upsert.targetWhere { resolver.resolveExpression(condition, scope: upsertScope) }
                if let assignments = upsert.assignments { resolver.resolveAssignments(assignments, target: target, scope: upsertScope) }
                if let condition = upsert.whereClause { resolver.resolveExpression(condition, scope: upsertScope) }
            }
            resolver.resolveReturning(insert.returning, scope: scope, statement: statement)
        }
    }

    mutating func resolveUpdate(_ update: SQLUpdate, statement: SQLStatement, parent: Int?) {
        withCommonTables(update.with, parent: parent) { resolver in
            let scope = resolver.openScope(range: statement.range, parent: parent)
            guard let tableName = update.table else { return }
            let target = resolver.useTable(tableName.name, alias: update.alias)
            resolver.scopes[scope].sources = [target]
            if let from = update.from {
                resolver.scopes[scope].sources = [target] + resolver.resolveJoin(from, scope: scope)
            }
            resolver.resolveAssignments(update.assignments, target: target, scope: scope)
            if let condition = update.whereClause { resolver.resolveExpression(condition, scope: scope) }
            resolver.resolveReturning(update.returning, scope: scope, statement: statement)
            for term in update.orderBy { resolver.resolveExpression(term.expression, scope: scope) }
            if let limit = update.limit { resolver.resolveExpression(limit, scope: scope, placeholder: PlaceholderMeeting(.limit, relation: "LIMIT")) }
        }
    }

    mutating func resolveDelete(_ delete: SQLDelete, statement: SQLStatement, parent: Int?) {
        withCommonTables(delete.with, parent: parent) { resolver in
            let scope = resolver.openScope(range: statement.range, parent: parent)
            guard let tableName = delete.table else { return }
            resolver.scopes[scope].sources = [resolver.useTable(tableName.name, alias: delete.alias)]
            if let condition = delete.whereClause { resolver.resolveExpression(condition, scope: scope) }
            resolver.resolveReturning(delete.returning, scope: scope, statement: statement)
            for term in delete.orderBy { resolver.resolveExpression(term.expression, scope: scope) }
            if let limit = delete.limit { resolver.resolveExpression(limit, scope: scope, placeholder: PlaceholderMeeting(.limit, relation: "LIMIT")) }
        }
    }

    // MARK: DDL

    /// The table a CREATE TABLE statement makes, as far as its text says (for later statements
    /// of the same text when the schema does not have it).
    static func tableSchema(of create: SQLCreateTable, name: String) -> TableSchema {
        var primaryKey = Set<String>()
        for constraint in create.constraints {
            if case .primaryKey(let columns) = constraint.kind {
                for column in columns { if case .column(let reference) = column.kind { primaryKey.insert(reference.column.key) } }
            }
        }
        var columns = create.columns.map { definition in
            var column = ColumnSchema(name: definition.name.text, declaredType: definition.typeName)
            for constraint in definition.constraints {
                switch constraint.kind {
                case .notNull: column.isNotNull = true
                case .primaryKey: column.primaryKeyPosition = 1
                default: break
                }
            }
            if primaryKey.contains(definition.name.key) { column.primaryKeyPosition = 1 }
            return column
        }
        columns += create.virtualArguments.map { ColumnSchema(name: $0.text, declaredType: "") }
        return TableSchema(
            name: name, kind: create.virtualModule == nil ? .table : .virtualTable, columns: columns,
            isStrict: create.options.contains("STRICT"), isWithoutRowid: create.options.contains("WITHOUT ROWID"), createSQL: ""
        )
    }

    mutating func resolveCreateTable(_ create: SQLCreateTable, statement: SQLStatement) {
        guard let name = create.name else { return }
        let key = name.name.key
        references.append(SQLReference(range: name.name.range, symbol: .table(key), role: .declaration))
        if localTables[key] == nil { localTables[key] = Self.tableSchema(of: create, name: name.name.text) }
        for column in create.columns {
            references.append(SQLReference(range: column.name.range, symbol: .column(table: key, column: column.name.key), role: .declaration))
        }
        for argument in create.virtualArguments {
            references.append(SQLReference(range: argument.range, symbol: .column(table: key, column: argument.key), role: .declaration))
        }
        if let select = create.asSelect {
            resolveSelect(select, parent: nil)
            return
        }
        let scope = openScope(range: statement.range, parent: nil)
        let own = SQLScopeSource(kind: .table, name: name.name.text, tableKey: key, columns: table(named: name.name.text).map(Self.columns(of:)) ?? [], symbol: .table(key))
        scopes[scope].sources = [own]
        for column in create.columns {
            for constraint in column.constraints {
                switch constraint.kind {
                case .check(let expression), .defaultValue(let expression), .generated(let expression, _):
                    resolveExpression(expression, scope: scope)
                case .references(let foreignKey):
                    resolveForeignKey(foreignKey)
                default: break
                }
            }
        }
        for constraint in create.constraints {
            switch constraint.kind {
            case .primaryKey(let columns), .unique(let columns):
                for column in columns { resolveExpression(column, scope: scope) }
            case .check(let expression):
                resolveExpression(expression, scope: scope)
            case .foreignKey(let columns, let foreignKey):
                for column in columns { useColumn(column, of: own) }
                resolveForeignKey(foreignKey)
            }
        }
    }

    mutating func resolveForeignKey(_ foreignKey: SQLForeignKeyClause) {
        let parent = useTable(foreignKey.table, alias: nil)
        for column in foreignKey.columns { useColumn(column, of: parent) }
    }

    mutating func resolveCreateView(_ view: SQLCreateView) {
        guard let name = view.name else { return }
        let key = name.name.key
        references.append(SQLReference(range: name.name.range, symbol: .table(key), role: .declaration))
        for column in view.columns {
            references.append(SQLReference(range: column.range, symbol: .column(table: key, column: column.key), role: .declaration))
        }
        guard let select = view.select else { return }
        let columns = resolveSelect(select, parent: nil)
        if localTables[key] == nil {
            let names = view.columns.isEmpty ? columns.map(\.name) : view.columns.map(\.text)
            let schemaColumns = names.enumerated().map { index, columnName in
                ColumnSchema(name: columnName, declaredType: index < columns.count ? columns[index].declaredType : "")
            }
            localTables[key] = TableSchema(name: name.name.text, kind: .view, columns: schemaColumns, createSQL: "")
        }
    }

    mutating func resolveCreateIndex(_ index: SQLCreateIndex, statement: SQLStatement) {
        if let name = index.name {
            references.append(SQLReference(range: name.name.range, symbol: .index(name.name.key), role: .declaration))
        }
        guard let tableName = index.table else { return }
        let scope = openScope(range: statement.range, parent: nil)
        scopes[scope].sources = [useTable(tableName, alias: nil)]
        for term in index.columns { resolveExpression(term.expression, scope: scope) }
        if let condition = index.whereClause { resolveExpression(condition, scope: scope) }
    }

    mutating func resolveCreateTrigger(_ trigger: SQLCreateTrigger, statement: SQLStatement) {
        if let name = trigger.name {
            references.append(SQLReference(range: name.name.range, symbol: .trigger(name.name.key), role: .declaration))
        }
        guard let tableName = trigger.table else { return }
        let scope = openScope(range: statement.range, parent: nil)
        let target = useTable(tableName.name, alias: nil)
        for column in trigger.updateColumns { useColumn(column, of: target) }
        var pseudo: [SQLScopeSource] = []
        for (name, events) in [("new", ["INSERT", "UPDATE"]), ("old", ["DELETE", "UPDATE"])] where events.contains(trigger.event) {
            var source = target
            source.kind = .pseudoTable
            source.name = name
            pseudo.append(source)
        }
        scopes[scope].sources = pseudo
        if let condition = trigger.when { resolveExpression(condition, scope: scope) }
        for statement in trigger.body { resolveStatement(statement, parent: scope) }
    }

    mutating func resolveAlterTable(_ alter: SQLAlterTable) {
        guard let tableName = alter.table else { return }
        let target = useTable(tableName.name, alias: nil)
        let key = target.tableKey ?? tableName.name.key
        switch alter.action {
        case .renameTable(let to):
            references.append(SQLReference(range: to.range, symbol: .table(to.key), role: .declaration))
        case .renameColumn(let from, let to):
            useColumn(from, of: target)
            references.append(SQLReference(range: to.range, symbol: .column(table: key, column: to.key), role: .declaration))
        case .addColumn(let column):
            references.append(SQLReference(range: column.name.range, symbol: .column(table: key, column: column.name.key), role: .declaration))
            for constraint in column.constraints {
                if case .references(let foreignKey) = constraint.kind { resolveForeignKey(foreignKey) }
            }
        case .dropColumn(let column):
            useColumn(column, of: target)
        case .missing:
            break
        }
    }

    mutating func resolveDrop(_ drop: SQLDrop) {
        guard let name = drop.name else { return }
        switch drop.objectKind {
        case "TABLE", "VIEW": _ = useTable(name.name, alias: nil)
        case "INDEX": references.append(SQLReference(range: name.name.range, symbol: .index(name.name.key), role: .use))
        case "TRIGGER": references.append(SQLReference(range: name.name.range, symbol: .trigger(name.name.key), role: .use))
        default: break
        }
    }
}
