// MARK: - Expressions: column references, placeholders, types

extension SQLResolver {
    static let comparisonOperators: Set<String> = [
        "=", "==", "!=", "<>", "<", "<=", ">", ">=", "IS", "IS NOT", "IS DISTINCT FROM", "IS NOT DISTINCT FROM",
        "LIKE", "NOT LIKE", "GLOB", "NOT GLOB", "REGEXP", "NOT REGEXP", "MATCH", "NOT MATCH",
    ]

    static let rowidNames: Set<String> = ["rowid", "oid", "_rowid_"]

    /// What a placeholder standing in some position meets: its target, the relation as
    /// written, and whether the target column is certain.
    struct PlaceholderMeeting {
        var target: SQLPlaceholderBinding.Target
        var relation: String?
        var isCertain = true

        init(_ target: SQLPlaceholderBinding.Target, relation: String? = nil, isCertain: Bool = true) {
            self.target = target
            self.relation = relation
            self.isCertain = isCertain
        }

        func relating(_ relation: String) -> PlaceholderMeeting {
            PlaceholderMeeting(target, relation: relation, isCertain: isCertain)
        }
    }

    /// Resolves every name in `expression`. When the expression itself is a placeholder,
    /// `placeholder` is what it meets (the caller knows: the other side of `=`, the column of an
    /// INSERT, the argument of a function).
    mutating func resolveExpression(
        _ expression: SQLExpression,
        scope: Int,
        allowResultAliases: Bool = false,
        placeholder: PlaceholderMeeting? = nil
    ) {
        switch expression.kind {
        case .literal, .raise, .missing:
            break
        case .parameter:
            placeholders.append(SQLPlaceholderBinding(range: expression.range, target: placeholder?.target ?? .unknown,
                                                      relation: placeholder?.relation, isCertain: placeholder?.isCertain ?? true))
        case .column(let reference):
            resolveColumn(reference, scope: scope, allowResultAliases: allowResultAliases)
        case .collate(let operand, _):
            // `name = ? COLLATE NOCASE`: the value still meets the column.
            resolveExpression(operand, scope: scope, allowResultAliases: allowResultAliases, placeholder: placeholder)
        case .unary(_, let operand), .postfix(_, let operand), .cast(let operand, _):
            resolveExpression(operand, scope: scope, allowResultAliases: allowResultAliases)
        case .binary(let op, let left, let right):
            let binds = Self.comparisonOperators.contains(op)
            resolveExpression(left, scope: scope, allowResultAliases: allowResultAliases, placeholder: binds ? target(meeting: right, scope: scope)?.relating(op) : nil)
            resolveExpression(right, scope: scope, allowResultAliases: allowResultAliases, placeholder: binds ? target(meeting: left, scope: scope)?.relating(op) : nil)
        case .between(let value, let lower, let upper, let negated):
            let relation = negated ? "NOT BETWEEN" : "BETWEEN"
            resolveExpression(value, scope: scope, placeholder: target(meeting: lower, scope: scope)?.relating(relation))
            let bound = target(meeting: value, scope: scope)?.relating(relation)
            resolveExpression(lower, scope: scope, placeholder: bound)
            resolveExpression(upper, scope: scope, placeholder: bound)
        case .inList(let value, let items, let negated):
            resolveExpression(value, scope: scope)
            let bound = target(meeting: value, scope: scope)?.relating(negated ? "NOT IN" : "IN")
            for item in items { resolveExpression(item, scope: scope, placeholder: bound) }
        case .inSelect(let value, let select, _):
            resolveExpression(value, scope: scope)
            resolveSelect(select, parent: scope)
        case .inTable(let value, let table, _):
            resolveExpression(value, scope: scope)
            _ = useTable(table.name, alias: nil)
        case .function(let call):
            resolveFunctionCall(call, scope: scope)
        case .caseWhen(let operand, let branches, let otherwise):
            if let operand { resolveExpression(operand, scope: scope, allowResultAliases: allowResultAliases) }
            let operandTarget = operand.map { target(meeting: $0, scope: scope) }
            for branch in branches {
                resolveExpression(branch.condition, scope: scope, allowResultAliases: allowResultAliases, placeholder: operandTarget ?? nil)
                resolveExpression(branch.result, scope: scope, allowResultAliases: allowResultAliases)
            }
            if let otherwise { resolveExpression(otherwise, scope: scope, allowResultAliases: allowResultAliases) }
        case .exists(let select, _), .subquery(let select):
            resolveSelect(select, parent: scope)
        case .row(let items):
            for item in items { resolveExpression(item, scope: scope, allowResultAliases: allowResultAliases) }
        }
    }

    mutating func resolveFunctionCall(_ call: SQLFunctionCall, scope: Int) {
        references.append(SQLReference(range: call.name.range, symbol: .function(call.name.key), role: .use))
        for (index, argument) in call.arguments.enumerated() {
            resolveExpression(argument, scope: scope, placeholder: PlaceholderMeeting(.functionArgument(function: call.name.text, index: index)))
        }
        if let filter = call.filter { resolveExpression(filter, scope: scope) }
        if let window = call.window { resolveWindow(window, scope: scope) }
    }

    /// What a placeholder on the other side of `expression` meets: its column when it is one.
    func target(meeting expression: SQLExpression, scope: Int) -> PlaceholderMeeting? {
        switch expression.kind {
        case .column(let reference):
            let lookup = lookupColumn(reference, scope: scope, allowResultAliases: false)
            if let info = lookup.info { return PlaceholderMeeting(.column(info), isCertain: lookup.isCertain) }
            return PlaceholderMeeting(.unknown, isCertain: false)
        case .collate(let inner, _):
            return target(meeting: inner, scope: scope)
        default:
            return nil
        }
    }

    /// The source a qualifier names, searching from `scope` outward.
    func findSource(named name: String, scope: Int) -> (source: SQLScopeSource, scope: Int)? {
        let key = name.lowercased()
        var current: Int? = scope
        while let index = current, index < scopes.count {
            if let source = scopes[index].sources.first(where: { SQLResolver.sameName($0.name, key) }) { return (source, index) }
            current = scopes[index].parent
        }
        return nil
    }

    struct ColumnLookup {
        var info: SQLColumnInfo?
        var symbol: SQLSymbol
        var qualifierSymbol: SQLSymbol?
        /// See ``SQLPlaceholderBinding/isCertain``.
        var isCertain = true
    }

    /// Sources whose columns nobody knows: any name might be one of theirs.
    static func hasUnknownColumns(_ source: SQLScopeSource) -> Bool {
        source.kind == .unknown || source.kind == .tableFunction
    }

    /// Binds a column reference without recording it.
    func lookupColumn(_ reference: SQLColumnReference, scope: Int, allowResultAliases: Bool) -> ColumnLookup {
        let key = reference.column.key
        if let qualifier = reference.table {
            guard let found = findSource(named: qualifier.text, scope: scope) else {
                return ColumnLookup(info: nil, symbol: .unknownColumn(reference.column.text), qualifierSymbol: .unknownTable(qualifier.text))
            }
            if let column = found.source.columns.first(where: { SQLResolver.sameName($0.name, key) }) {
                return ColumnLookup(info: column, symbol: column.origin ?? .unknownColumn(reference.column.text), qualifierSymbol: found.source.symbol)
            }
            if Self.rowidNames.contains(key), found.source.tableKey != nil {
                return ColumnLookup(info: rowidInfo(reference.column.text, table: found.source.tableKey), symbol: .column(table: found.source.tableKey ?? "", column: key), qualifierSymbol: found.source.symbol)
            }
            return ColumnLookup(info: nil, symbol: .unknownColumn(reference.column.text), qualifierSymbol: found.source.symbol)
        }
        var current: Int? = scope
        var unknownInSight = false
        while let index = current, index < scopes.count {
            let sources = scopes[index].sources
            unknownInSight = unknownInSight || sources.contains(where: Self.hasUnknownColumns)
            for (position, source) in sources.enumerated() {
                if let column = source.columns.first(where: { SQLResolver.sameName($0.name, key) }) {
                    let alsoElsewhere = sources[(position + 1)...].contains { $0.columns.contains { SQLResolver.sameName($0.name, key) } }
                    return ColumnLookup(info: column, symbol: column.origin ?? .unknownColumn(reference.column.text), qualifierSymbol: nil,
                                        isCertain: !alsoElsewhere && !unknownInSight)
                }
            }
            current = scopes[index].parent
        }
        if allowResultAliases, let alias = scopes[scope].resultAliases.first(where: { SQLResolver.sameName($0.name, key) }) {
            return ColumnLookup(info: alias, symbol: alias.origin ?? .unknownColumn(reference.column.text), qualifierSymbol: nil)
        }
        if Self.rowidNames.contains(key), let source = scopes[scope].sources.first(where: { $0.tableKey != nil }) {
            let isCertain = !unknownInSight && scopes[scope].sources.count == 1
            return ColumnLookup(info: rowidInfo(reference.column.text, table: source.tableKey), symbol: .column(table: source.tableKey ?? "", column: key), qualifierSymbol: nil, isCertain: isCertain)
        }
        return ColumnLookup(info: nil, symbol: .unknownColumn(reference.column.text), qualifierSymbol: nil)
    }

    func rowidInfo(_ name: String, table: String?) -> SQLColumnInfo {
        let column = table.map { SQLSymbol.column(table: $0, column: name.lowercased()) }
        return SQLColumnInfo(name: name, declaredType: "INTEGER", affinity: .integer, origin: column, schemaColumn: column, isNotNull: true)
    }

    mutating func resolveColumn(_ reference: SQLColumnReference, scope: Int, allowResultAliases: Bool) {
        let lookup = lookupColumn(reference, scope: scope, allowResultAliases: allowResultAliases)
        if let qualifier = reference.table, let symbol = lookup.qualifierSymbol {
            references.append(SQLReference(range: qualifier.range, symbol: symbol, role: .use))
        }
        guard !reference.column.text.isEmpty, !reference.column.isPlaceholder else { return }
        references.append(SQLReference(range: reference.column.range, symbol: lookup.symbol, role: .use))
    }

    // MARK: Types

    /// The type of `expression` as a result column would have it (name left empty).
    func typeOf(_ expression: SQLExpression, scope: Int) -> SQLColumnInfo {
        func computed(_ type: String) -> SQLColumnInfo {
            SQLColumnInfo(name: "", declaredType: type, affinity: nil, origin: nil)
        }
        switch expression.kind {
        case .column(let reference):
            var info = lookupColumn(reference, scope: scope, allowResultAliases: false).info ?? computed("")
            info.name = ""
            return info
        case .literal(let kind):
            switch kind {
            case .integer, .boolean: return computed("INTEGER")
            case .float: return computed("REAL")
            case .string, .currentTime: return computed("TEXT")
            case .blob: return computed("BLOB")
            case .null: return computed("")
            }
        case .cast(_, let typeName):
            return SQLColumnInfo(name: "", declaredType: typeName, affinity: TypeAffinity(declaredType: typeName), origin: nil)
        case .collate(let inner, _):
            return typeOf(inner, scope: scope)
        case .function(let call):
            let returnType = SQLiteFunctions.function(named: call.name.key)?.returnType ?? ""
            if returnType == SQLiteFunctions.sameAsFirstArgument, let first = call.arguments.first {
                var info = typeOf(first, scope: scope)
                info.origin = nil
                info.schemaColumn = nil
                return info
            }
            return computed(returnType == SQLiteFunctions.sameAsFirstArgument ? "" : returnType)
        case .binary(let op, let left, let right):
            switch op {
            case "||", "->": return computed("TEXT")
            case "->>": return computed("")
            case "+", "-", "*", "/", "%":
                let types = [typeOf(left, scope: scope).declaredType, typeOf(right, scope: scope).declaredType].map { TypeAffinity(declaredType: $0) }
                if types.allSatisfy({ $0 == .integer }) { return computed("INTEGER") }
                if types.contains(.real) { return computed("REAL") }
                return computed("NUMERIC")
            case "&", "|", "<<", ">>": return computed("INTEGER")
            default: return computed("INTEGER")
            }
        case .unary(let op, let operand):
            return op == "NOT" ? computed("INTEGER") : computed(typeOf(operand, scope: scope).declaredType)
        case .postfix, .between, .inList, .inSelect, .inTable, .exists:
            return computed("INTEGER")
        case .subquery(let select):
            var probe = self
            var first = probe.resolveSelect(select, parent: scope).first ?? computed("")
            first.name = ""
            first.schemaColumn = nil
            return first
        case .caseWhen(_, let branches, let otherwise):
            var info = branches.first.map { typeOf($0.result, scope: scope) } ?? otherwise.map { typeOf($0, scope: scope) } ?? computed("")
            info.schemaColumn = nil
            return info
        case .parameter, .row, .raise, .missing:
            return computed("")
        }
    }
}
